// Placeholder for the spin tests.
#include <doctest/doctest.h>
