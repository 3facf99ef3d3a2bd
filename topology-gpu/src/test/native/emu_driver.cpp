// An emulated CUDA driver (the subset of libcuda.so.1 the gpu back end binds), running betti.cu's
// kernels compiled by g++ (cuda_emu.h) on real threads, so that the back end's Java code, its FFM
// bindings included, runs here unchanged against it. Streams are real: each has a worker thread that
// executes copies and launches in order while the caller goes on, so a missing synchronization shows
// up as wrong numbers. Device and pinned memory are host memory; device memory has a configurable
// limit, so that running out of it can be tested. topowatch_emu_set() changes what the "device"
// reports (no device, an old driver, ...); topowatch_emu_fault() makes one call fail (a refused
// stream or launch, a kernel that faults and poisons the context, a device that is lost).
//
// Built by the tests: g++ -std=c++20 -O2 -pthread -shared -fPIC -DTOPOWATCH_EMULATION
//   -DKERNEL_SOURCE='"…/betti.cu"' -I src/test/native emu_driver.cpp -o libtopowatch-emu-cuda.so

#include <dlfcn.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include KERNEL_SOURCE

thread_local dim3 threadIdx;
thread_local dim3 blockIdx;
thread_local dim3 blockDim;
thread_local dim3 gridDim;
thread_local EmuBlock* emu_block;

typedef int CUresult;

namespace {

enum {
  SUCCESS = 0,
  INVALID_VALUE = 1,
  OUT_OF_MEMORY = 2,
  NOT_INITIALIZED = 3,
  NO_DEVICE = 100,
  INVALID_DEVICE = 101,
  INVALID_IMAGE = 200,
  INVALID_CONTEXT = 201,
  INVALID_HANDLE = 400,
  NOT_FOUND = 500,
  ILLEGAL_ADDRESS = 700,
  LAUNCH_OUT_OF_RESOURCES = 701,
  UNKNOWN = 999,
};

// An injected fault (topowatch_emu_fault): the nth call of one driver function fails with code.
enum FaultMode {
  FAULT_ONCE = 0,   // that call answers the error, nothing else changes (a refused launch)
  FAULT_STICKY = 1, // the context is poisoned: a launch is accepted and its kernel faults when it runs,
                    // any other call fails at once; from then on every call answers the error
  FAULT_LOST = 2,   // the device is gone: that call and every later one answer the error
};

struct Fault {
  long long nth;
  int code;
  int mode;
  long long seen = 0;
};

struct Config {
  long long initResult = SUCCESS;
  long long devices = 1;
  long long driverVersion = 13000;
  long long memoryLimit = 1LL << 31;
  long long ccMajor = 9;
  long long ccMinor = 0;
  long long sharedOptin = 232448;
  long long multiprocessors = 4;
  long long threadsPerWave = 256; // threads of the blocks that run at once
};

std::mutex g_lock;
Config g_config;
bool g_initialized = false;
long long g_deviceUsed = 0;
std::map<unsigned long long, size_t> g_deviceAllocations;
std::map<void*, size_t> g_hostAllocations;
char g_context;
std::map<std::string, Fault> g_faults;
std::map<std::string, long long> g_calls; // calls per driver function, since the last reset
CUresult g_poison = SUCCESS;              // once set, every driver call answers it
long long g_streams = 0;                  // streams alive
long long g_contextRefs = 0;              // primary context retains not yet released

// Entered first by every driver function that a fault can hit: counts the call and answers the
// error a poisoned context or an injected fault imposes (SUCCESS otherwise). A sticky fault on a
// function that queues work is deferred: *deferred gets its code, for the queued work to poison the
// context with when it runs.
CUresult enter(const char* name, CUresult* deferred = nullptr) {
  std::lock_guard<std::mutex> l(g_lock);
  g_calls[name]++;
  if (g_poison != SUCCESS) return g_poison;
  auto it = g_faults.find(name);
  if (it == g_faults.end() || ++it->second.seen != it->second.nth) return SUCCESS;
  const Fault& f = it->second;
  if (f.mode == FAULT_STICKY && deferred != nullptr) {
    *deferred = f.code;
    return SUCCESS;
  }
  if (f.mode != FAULT_ONCE) g_poison = f.code;
  return f.code;
}

void poison(CUresult code) {
  std::lock_guard<std::mutex> l(g_lock);
  g_poison = code;
}

CUresult poisoned() {
  std::lock_guard<std::mutex> l(g_lock);
  return g_poison;
}

Config config() {
  std::lock_guard<std::mutex> l(g_lock);
  return g_config;
}

// A reusable group of threads: run(n, f) calls f(0..n-1) on n threads at once and waits.
class Team {
 public:
  ~Team() {
    {
      std::lock_guard<std::mutex> l(m_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }

  void run(int n, const std::function<void(int)>& f) {
    std::unique_lock<std::mutex> l(m_);
    while ((int)threads_.size() < n) {
      int id = (int)threads_.size();
      long seen = generation_;
      threads_.emplace_back([this, id, seen] { work(id, seen); });
    }
    job_ = &f;
    jobThreads_ = n;
    remaining_ = n;
    ++generation_;
    cv_.notify_all();
    done_.wait(l, [&] { return remaining_ == 0; });
    job_ = nullptr;
  }

 private:
  void work(int id, long seen) {
    std::unique_lock<std::mutex> l(m_);
    for (;;) {
      cv_.wait(l, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
      if (id >= jobThreads_) continue;
      const std::function<void(int)>* job = job_;
      l.unlock();
      (*job)(id);
      l.lock();
      if (--remaining_ == 0) done_.notify_all();
    }
  }

  std::mutex m_;
  std::condition_variable cv_, done_;
  std::vector<std::thread> threads_;
  const std::function<void(int)>* job_ = nullptr;
  int jobThreads_ = 0;
  int remaining_ = 0;
  long generation_ = 0;
  bool stop_ = false;
};

typedef void (*Kernel)(LaunchArgs);

struct Function {
  Kernel kernel;
  std::string name;
  int maxDynamicShared = 48 * 1024;
};

struct Module {
  std::map<std::string, std::unique_ptr<Function>> functions;
};

// Runs the blocks of a grid, as many at once as threadsPerWave allows, each thread a real thread.
void runGrid(Team& team, Kernel kernel, unsigned grid, unsigned block, unsigned shared, LaunchArgs args) {
  long long wave = std::max(1LL, std::min<long long>(grid, config().threadsPerWave / block));
  for (unsigned first = 0; first < grid; first += (unsigned)wave) {
    int n = (int)std::min<long long>(wave, grid - first);
    std::vector<EmuBlock> blocks(n);
    std::vector<std::unique_ptr<std::barrier<>>> barriers;
    std::vector<std::vector<int>> slots(n, std::vector<int>(block));
    std::vector<std::vector<unsigned char>> memory(n, std::vector<unsigned char>(shared + 16, 0xA5)); // garbage, as on the device
    for (int b = 0; b < n; ++b) {
      barriers.emplace_back(new std::barrier<>(block));
      blocks[b].block = barriers.back().get();
      for (unsigned w = 0; w < block / 32; ++w) {
        barriers.emplace_back(new std::barrier<>(32));
        blocks[b].warps.push_back(barriers.back().get());
      }
      blocks[b].warpSlots = slots[b].data();
      blocks[b].shared = memory[b].data();
    }
    team.run(n * (int)block, [&](int t) {
      int b = t / (int)block;
      threadIdx = dim3{(unsigned)(t % (int)block), 1, 1};
      blockIdx = dim3{first + (unsigned)b, 0, 0};
      blockDim = dim3{block, 1, 1};
      gridDim = dim3{grid, 1, 1};
      emu_block = &blocks[b];
      kernel(args);
    });
  }
}

// A stream: its own worker thread runs what is queued, in order.
class Stream {
 public:
  Stream() : worker_([this] { loop(); }) {}
  ~Stream() {
    {
      std::lock_guard<std::mutex> l(m_);
      stop_ = true;
    }
    cv_.notify_all();
    worker_.join();
  }

  void enqueue(std::function<void(Team&)> op) {
    {
      std::lock_guard<std::mutex> l(m_);
      queue_.push_back(std::move(op));
    }
    cv_.notify_all();
  }

  void synchronize() {
    std::unique_lock<std::mutex> l(m_);
    idle_.wait(l, [&] { return queue_.empty() && !busy_; });
  }

 private:
  void loop() {
    std::unique_lock<std::mutex> l(m_);
    for (;;) {
      cv_.wait(l, [&] { return stop_ || !queue_.empty(); });
      if (queue_.empty() && stop_) return;
      auto op = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
      l.unlock();
      op(team_);
      l.lock();
      busy_ = false;
      if (queue_.empty()) idle_.notify_all();
    }
  }

  std::mutex m_;
  std::condition_variable cv_, idle_;
  std::deque<std::function<void(Team&)>> queue_;
  bool busy_ = false;
  bool stop_ = false;
  Team team_;
  std::thread worker_;
};

Team g_nullStreamTeam;
std::mutex g_nullStreamLock;

// Queues on the stream, or runs at once on the null stream.
void submit(void* stream, std::function<void(Team&)> op) {
  if (stream == nullptr) {
    std::lock_guard<std::mutex> l(g_nullStreamLock);
    op(g_nullStreamTeam);
  } else {
    static_cast<Stream*>(stream)->enqueue(std::move(op));
  }
}

void* selfHandle() {
  static void* self = [] {
    Dl_info info;
    dladdr((void*)&runGrid, &info);
    return dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD);
  }();
  return self;
}

CUresult ready() {
  std::lock_guard<std::mutex> l(g_lock);
  return g_initialized ? SUCCESS : NOT_INITIALIZED;
}

}  // namespace

extern "C" {

// Test control: set "init_result", "devices", "driver_version", "memory_limit", "cc_major",
// "cc_minor", "shared_optin", "multiprocessors", "threads_per_wave". Returns 0, or -1 for an unknown key.
int topowatch_emu_set(const char* key, long long value) {
  std::lock_guard<std::mutex> l(g_lock);
  std::string k = key;
  if (k == "init_result") g_config.initResult = value;
  else if (k == "devices") g_config.devices = value;
  else if (k == "driver_version") g_config.driverVersion = value;
  else if (k == "memory_limit") g_config.memoryLimit = value;
  else if (k == "cc_major") g_config.ccMajor = value;
  else if (k == "cc_minor") g_config.ccMinor = value;
  else if (k == "shared_optin") g_config.sharedOptin = value;
  else if (k == "multiprocessors") g_config.multiprocessors = value;
  else if (k == "threads_per_wave") g_config.threadsPerWave = value;
  else if (k == "reset") {
    g_config = Config();
    g_initialized = false;
    g_faults.clear();
    g_calls.clear();
    g_poison = SUCCESS;
  }
  else return -1;
  return 0;
}

// Test control: the nth call (from now, 1-based) of the driver function named call fails with code;
// mode is a FaultMode. Cleared by "reset".
int topowatch_emu_fault(const char* call, long long nth, int code, int mode) {
  std::lock_guard<std::mutex> l(g_lock);
  if (nth < 1 || code == SUCCESS || mode < FAULT_ONCE || mode > FAULT_LOST) return -1;
  g_faults[call] = Fault{nth, code, mode};
  return 0;
}

// Test inspection: how many times the driver function named call was called since the last reset.
long long topowatch_emu_calls(const char* call) {
  std::lock_guard<std::mutex> l(g_lock);
  auto it = g_calls.find(call);
  return it == g_calls.end() ? 0 : it->second;
}

// Test inspection: "device_bytes" and "host_bytes" in use (to find leaks).
long long topowatch_emu_get(const char* key) {
  std::lock_guard<std::mutex> l(g_lock);
  std::string k = key;
  if (k == "device_bytes") return g_deviceUsed;
  if (k == "host_bytes") {
    long long sum = 0;
    for (auto& e : g_hostAllocations) sum += (long long)e.second;
    return sum;
  }
  if (k == "streams") return g_streams;
  if (k == "context_refs") return g_contextRefs;
  return -1;
}

CUresult cuInit(unsigned) {
  std::lock_guard<std::mutex> l(g_lock);
  if (g_config.initResult != SUCCESS) return (CUresult)g_config.initResult;
  g_initialized = true;
  return SUCCESS;
}

CUresult cuDriverGetVersion(int* v) {
  *v = (int)config().driverVersion;
  return SUCCESS;
}

CUresult cuDeviceGetCount(int* n) {
  if (ready() != SUCCESS) return NOT_INITIALIZED;
  *n = (int)config().devices;
  return SUCCESS;
}

CUresult cuDeviceGet(int* device, int ordinal) {
  if (ready() != SUCCESS) return NOT_INITIALIZED;
  if (ordinal < 0 || ordinal >= config().devices) return INVALID_DEVICE;
  *device = ordinal;
  return SUCCESS;
}

CUresult cuDeviceGetName(char* name, int len, int) {
  std::snprintf(name, len, "Emulated CUDA device (topowatch tests)");
  return SUCCESS;
}

CUresult cuDeviceGetAttribute(int* value, int attribute, int) {
  Config c = config();
  switch (attribute) {
    case 1: *value = 1024; return SUCCESS;                       // max threads per block
    case 16: *value = (int)c.multiprocessors; return SUCCESS;    // multiprocessors
    case 75: *value = (int)c.ccMajor; return SUCCESS;
    case 76: *value = (int)c.ccMinor; return SUCCESS;
    case 97: *value = (int)c.sharedOptin; return SUCCESS;        // shared memory per block, opt-in
    default: return INVALID_VALUE;
  }
}

CUresult cuDeviceTotalMem_v2(size_t* bytes, int) {
  *bytes = (size_t)config().memoryLimit;
  return SUCCESS;
}

CUresult cuDevicePrimaryCtxRetain(void** ctx, int) {
  if (ready() != SUCCESS) return NOT_INITIALIZED;
  if (CUresult r = enter("cuDevicePrimaryCtxRetain")) return r;
  std::lock_guard<std::mutex> l(g_lock);
  ++g_contextRefs;
  *ctx = &g_context;
  return SUCCESS;
}

CUresult cuDevicePrimaryCtxRelease_v2(int) {
  if (CUresult r = enter("cuDevicePrimaryCtxRelease_v2")) return r;
  std::lock_guard<std::mutex> l(g_lock);
  if (g_contextRefs == 0) return INVALID_CONTEXT; // released more often than retained
  --g_contextRefs;
  return SUCCESS;
}

CUresult cuCtxSetCurrent(void* ctx) {
  if (CUresult r = enter("cuCtxSetCurrent")) return r;
  return ctx == &g_context ? SUCCESS : INVALID_HANDLE;
}

CUresult cuModuleLoadData(void** module, const void* image) {
  if (CUresult r = enter("cuModuleLoadData")) return r;
  const char* magic = "TOPOWATCH-EMU-CUBIN";
  if (std::strncmp(static_cast<const char*>(image), magic, std::strlen(magic)) != 0) return INVALID_IMAGE;
  *module = new Module();
  return SUCCESS;
}

CUresult cuModuleUnload(void* module) {
  if (CUresult r = enter("cuModuleUnload")) return r;
  delete static_cast<Module*>(module);
  return SUCCESS;
}

CUresult cuModuleGetFunction(void** function, void* module, const char* name) {
  if (CUresult r = enter("cuModuleGetFunction")) return r;
  Module* m = static_cast<Module*>(module);
  void* symbol = dlsym(selfHandle(), name);
  if (symbol == nullptr || std::strncmp(name, "betti_", 6) != 0) return NOT_FOUND;
  auto& f = m->functions[name];
  if (!f) f.reset(new Function{reinterpret_cast<Kernel>(symbol), name});
  *function = f.get();
  return SUCCESS;
}

CUresult cuFuncSetAttribute(void* function, int attribute, int value) {
  if (attribute != 8) return INVALID_VALUE;
  if (value > config().sharedOptin) return INVALID_VALUE;
  static_cast<Function*>(function)->maxDynamicShared = value;
  return SUCCESS;
}

CUresult cuMemAlloc_v2(unsigned long long* p, size_t bytes) {
  if (CUresult r = enter("cuMemAlloc_v2")) return r;
  std::lock_guard<std::mutex> l(g_lock);
  if (!g_initialized) return NOT_INITIALIZED;
  if (bytes == 0) return INVALID_VALUE;
  if (g_deviceUsed + (long long)bytes > g_config.memoryLimit) return OUT_OF_MEMORY;
  void* m = std::aligned_alloc(256, (bytes + 255) / 256 * 256);
  if (m == nullptr) return OUT_OF_MEMORY;
  std::memset(m, 0xA5, bytes); // device memory is not zeroed
  *p = (unsigned long long)m;
  g_deviceAllocations[*p] = bytes;
  g_deviceUsed += (long long)bytes;
  return SUCCESS;
}

CUresult cuMemFree_v2(unsigned long long p) {
  if (CUresult r = enter("cuMemFree_v2")) return r;
  std::lock_guard<std::mutex> l(g_lock);
  auto it = g_deviceAllocations.find(p);
  if (it == g_deviceAllocations.end()) return INVALID_VALUE;
  g_deviceUsed -= (long long)it->second;
  g_deviceAllocations.erase(it);
  std::free((void*)p);
  return SUCCESS;
}

CUresult cuMemGetInfo_v2(size_t* free, size_t* total) {
  std::lock_guard<std::mutex> l(g_lock);
  *free = (size_t)(g_config.memoryLimit - g_deviceUsed);
  *total = (size_t)g_config.memoryLimit;
  return SUCCESS;
}

CUresult cuMemAllocHost_v2(void** p, size_t bytes) {
  if (CUresult r = enter("cuMemAllocHost_v2")) return r;
  std::lock_guard<std::mutex> l(g_lock);
  void* m = std::aligned_alloc(4096, (bytes + 4095) / 4096 * 4096);
  if (m == nullptr) return OUT_OF_MEMORY;
  *p = m;
  g_hostAllocations[m] = bytes;
  return SUCCESS;
}

CUresult cuMemFreeHost(void* p) {
  if (CUresult r = enter("cuMemFreeHost")) return r;
  std::lock_guard<std::mutex> l(g_lock);
  if (g_hostAllocations.erase(p) == 0) return INVALID_VALUE;
  std::free(p);
  return SUCCESS;
}

CUresult cuStreamCreate(void** stream, unsigned) {
  if (CUresult r = enter("cuStreamCreate")) return r;
  *stream = new Stream();
  std::lock_guard<std::mutex> l(g_lock);
  ++g_streams;
  return SUCCESS;
}

CUresult cuStreamDestroy_v2(void* stream) {
  if (CUresult r = enter("cuStreamDestroy_v2")) return r;
  delete static_cast<Stream*>(stream);
  std::lock_guard<std::mutex> l(g_lock);
  --g_streams;
  return SUCCESS;
}

// Reports the error of a kernel that faulted on the stream, as the driver does (and every error after).
CUresult cuStreamSynchronize(void* stream) {
  if (CUresult r = enter("cuStreamSynchronize")) return r;
  if (stream != nullptr) static_cast<Stream*>(stream)->synchronize();
  return poisoned();
}

CUresult cuMemcpyHtoDAsync_v2(unsigned long long dst, const void* src, size_t bytes, void* stream) {
  if (CUresult r = enter("cuMemcpyHtoDAsync_v2")) return r;
  submit(stream, [=](Team&) { std::memcpy((void*)dst, src, bytes); });
  return SUCCESS;
}

CUresult cuMemcpyDtoHAsync_v2(void* dst, unsigned long long src, size_t bytes, void* stream) {
  if (CUresult r = enter("cuMemcpyDtoHAsync_v2")) return r;
  submit(stream, [=](Team&) { std::memcpy(dst, (const void*)src, bytes); });
  return SUCCESS;
}

CUresult cuMemsetD32Async(unsigned long long dst, unsigned value, size_t count, void* stream) {
  if (CUresult r = enter("cuMemsetD32Async")) return r;
  submit(stream, [=](Team&) { std::fill((unsigned*)dst, (unsigned*)dst + count, value); });
  return SUCCESS;
}

// As the driver does, the parameter is copied at the call; bad launch configurations fail at once.
CUresult cuLaunchKernel(void* function, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned shared, void* stream, void** params, void** extra) {
  CUresult fault = SUCCESS;
  if (CUresult r = enter("cuLaunchKernel", &fault)) return r;
  Function* f = static_cast<Function*>(function);
  if (gx == 0 || gy != 1 || gz != 1 || by != 1 || bz != 1 || bx == 0 || bx > 1024 || bx % 32 != 0) return INVALID_VALUE;
  if ((int)shared > f->maxDynamicShared || extra != nullptr || params == nullptr) return INVALID_VALUE;
  LaunchArgs args;
  std::memcpy(&args, params[0], sizeof args);
  Kernel k = f->kernel;
  if (fault != SUCCESS) { // the kernel faults as it runs: the context is poisoned from then on
    submit(stream, [=](Team&) { poison(fault); });
  } else {
    submit(stream, [=](Team& team) { runGrid(team, k, gx, bx, shared, args); });
  }
  return SUCCESS;
}

CUresult cuGetErrorName(CUresult error, const char** name) {
  switch (error) {
    case SUCCESS: *name = "CUDA_SUCCESS"; return SUCCESS;
    case INVALID_VALUE: *name = "CUDA_ERROR_INVALID_VALUE"; return SUCCESS;
    case OUT_OF_MEMORY: *name = "CUDA_ERROR_OUT_OF_MEMORY"; return SUCCESS;
    case NOT_INITIALIZED: *name = "CUDA_ERROR_NOT_INITIALIZED"; return SUCCESS;
    case NO_DEVICE: *name = "CUDA_ERROR_NO_DEVICE"; return SUCCESS;
    case INVALID_DEVICE: *name = "CUDA_ERROR_INVALID_DEVICE"; return SUCCESS;
    case INVALID_IMAGE: *name = "CUDA_ERROR_INVALID_IMAGE"; return SUCCESS;
    case INVALID_HANDLE: *name = "CUDA_ERROR_INVALID_HANDLE"; return SUCCESS;
    case NOT_FOUND: *name = "CUDA_ERROR_NOT_FOUND"; return SUCCESS;
    case INVALID_CONTEXT: *name = "CUDA_ERROR_INVALID_CONTEXT"; return SUCCESS;
    case ILLEGAL_ADDRESS: *name = "CUDA_ERROR_ILLEGAL_ADDRESS"; return SUCCESS;
    case LAUNCH_OUT_OF_RESOURCES: *name = "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES"; return SUCCESS;
    case UNKNOWN: *name = "CUDA_ERROR_UNKNOWN"; return SUCCESS;
    default: *name = nullptr; return INVALID_VALUE;
  }
}

CUresult cuGetErrorString(CUresult error, const char** text) {
  switch (error) {
    case OUT_OF_MEMORY: *text = "out of memory"; return SUCCESS;
    case NO_DEVICE: *text = "no CUDA-capable device is detected"; return SUCCESS;
    case INVALID_VALUE: *text = "invalid argument"; return SUCCESS;
    case ILLEGAL_ADDRESS: *text = "an illegal memory access was encountered"; return SUCCESS;
    case LAUNCH_OUT_OF_RESOURCES: *text = "too many resources requested for launch"; return SUCCESS;
    case UNKNOWN: *text = "unknown error"; return SUCCESS;
    default: *text = "emulated driver error"; return SUCCESS;
  }
}

}  // extern "C"
