// Placeholder for the learner tests.
#include <doctest/doctest.h>
