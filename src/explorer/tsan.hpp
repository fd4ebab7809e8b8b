// Hand-off annotations for ThreadSanitizer (tests/tsan/run). oneTBB's
// library is not instrumented, so TSan cannot see that a task's data, written
// before task_group::run, happens before the task runs on another thread, nor
// that a task's writes happen before task_group::wait returns; without these
// marks every such hand-off reads as a data race. Elsewhere they compile to
// nothing.
#pragma once

#if defined(__SANITIZE_THREAD__)
#define RBSYNTH_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RBSYNTH_TSAN 1
#endif
#endif

#ifdef RBSYNTH_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace rbsynth {

// Before handing work to a task, and when a task ends.
inline void tsan_release([[maybe_unused]] void* sync) {
#ifdef RBSYNTH_TSAN
    __tsan_release(sync);
#endif
}

// When a task starts, and after waiting for the tasks.
inline void tsan_acquire([[maybe_unused]] void* sync) {
#ifdef RBSYNTH_TSAN
    __tsan_acquire(sync);
#endif
}

}  // namespace rbsynth
