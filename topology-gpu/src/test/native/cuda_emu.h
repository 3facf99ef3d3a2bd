// The CUDA built-ins that betti.cu uses, mapped onto C++20 threads, so that g++ compiles the very
// kernel source that NVRTC compiles. Each CUDA thread of a block is a real std::thread (emu_driver.cpp
// runs them), so races are real: __syncthreads is a std::barrier over the block, the warp shuffle a
// barrier over the 32 threads of a warp, atomics are std::atomic_ref, and dynamic shared memory is a
// buffer per block.
#pragma once

#include <atomic>
#include <barrier>
#include <cstring>
#include <vector>

struct dim3 {
  unsigned x = 1, y = 1, z = 1;
};

// What the threads of one emulated block share.
struct EmuBlock {
  std::barrier<>* block;
  std::vector<std::barrier<>*> warps; // one per 32 threads
  int* warpSlots;                     // one per thread: the shuffle's exchange
  unsigned char* shared;              // dynamic shared memory
};

extern thread_local dim3 threadIdx;
extern thread_local dim3 blockIdx;
extern thread_local dim3 blockDim;
extern thread_local dim3 gridDim;
extern thread_local EmuBlock* emu_block;

#define __global__
#define __device__
#define __forceinline__ inline
#define __noinline__ __attribute__((noinline))
#define __launch_bounds__(...)
#define TW_DYNAMIC_SHARED(name) unsigned char* name = emu_block->shared

inline void __syncthreads() { emu_block->block->arrive_and_wait(); }

// Loads and stores of memory that other threads change meanwhile (the union-find forest).
template <class T>
inline T tw_load(T* p) {
  return std::atomic_ref<T>(*p).load(std::memory_order_relaxed);
}
template <class T>
inline void tw_store(T* p, T v) {
  std::atomic_ref<T>(*p).store(v, std::memory_order_relaxed);
}

template <class T>
inline T emu_cas(T* p, T expected, T desired) {
  std::atomic_ref<T>(*p).compare_exchange_strong(expected, desired);
  return expected; // the old value, as atomicCAS returns it
}
inline unsigned atomicCAS(unsigned* p, unsigned c, unsigned v) { return emu_cas(p, c, v); }
inline unsigned short atomicCAS(unsigned short* p, unsigned short c, unsigned short v) { return emu_cas(p, c, v); }
inline int atomicAdd(int* p, int v) { return std::atomic_ref<int>(*p).fetch_add(v); }
inline unsigned long long atomicAdd(unsigned long long* p, unsigned long long v) {
  return std::atomic_ref<unsigned long long>(*p).fetch_add(v);
}

// Every thread of the warp must call it (as the full mask promises on the device).
inline int __shfl_xor_sync(unsigned, int v, int laneMask) {
  int t = (int)threadIdx.x;
  std::barrier<>* warp = emu_block->warps[t / 32];
  emu_block->warpSlots[t] = v;
  warp->arrive_and_wait();
  int other = emu_block->warpSlots[(t & ~31) | ((t & 31) ^ laneMask)];
  warp->arrive_and_wait();
  return other;
}

inline float __int_as_float(int bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}
