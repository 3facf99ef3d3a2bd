// Exact cubical Betti numbers of batches of 1-D to 3-D volumes at many thresholds (spec sections 3
// and 6), compiled at start by NVRTC for the device it finds. The same source is compiled with g++
// against test/native/cuda_emu.h in the tests, so it keeps to C++ that both compilers accept and uses
// no header at all.
//
// Every voxel carries a level code: l in 0..L-1 means "present from the l-th sorted threshold on",
// L means never present (NaN, +inf, above every threshold). Positions outside the volume are the
// padding (code L + 1).
//
// Two paths, the same arithmetic:
// - small volumes: one thread block per volume, everything in shared memory (betti_small_*);
// - volumes too big for shared memory: one volume at a time over the whole device, one launch per
//   level (betti_global_*).
// Per volume and level they count:
// - foreground: arrivals minus successful unions, levels ascending, so b0(l) is a running sum;
// - complement (dual connectivity, the padding pre-merged as node 0): arrivals minus successful
//   unions, levels descending, so b2(l) is a running sum from the top (3-D volumes with no size-1 axis);
// - chi: each cell of the complex adds (-1)^dim at its own level (a 2x2x2 stencil);
// and then b1 = b0 + b2 - chi.
//
// Union-find is lock-free: a root is linked only by a CAS that still sees it as a root, always under
// a smaller index, so parent indices decrease along every path (no cycles) and each successful CAS
// merges two distinct sets. Unions of one level run between two barriers, so the number of
// successful CAS operations of that level is exactly the drop in the number of components: the
// counts are exact by construction and the same on every run, whatever the interleaving.

// The layout the host writes (descriptor fields, SMEM_LEVELS, LaunchArgs offsets) comes from
// KernelLayout.java, which KernelSource prepends as #defines: one definition for both sides.
#ifndef TW_DESC_INTS
#error "compile betti.cu as KernelSource.betti() gives it: the layout defines from KernelLayout.java come first"
#endif

#ifdef TOPOWATCH_EMULATION
#include "cuda_emu.h"
#else
#define TW_DYNAMIC_SHARED(name) extern __shared__ __align__(16) unsigned char name[]
template <class T> __device__ __forceinline__ T tw_load(T* p) { return *(volatile T*)p; }
template <class T> __device__ __forceinline__ void tw_store(T* p, T v) { *(volatile T*)p = v; }
#endif

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef long long i64;
typedef unsigned long long u64;

// The one parameter of every kernel. LaunchArgs.java writes it; TW_CHECK_LAUNCH_ARGS asserts every
// field's offset and width as LaunchArgs.LAYOUT gives them.
struct LaunchArgs {
  const void* input;       // volumes: float values or level codes
  const int* desc;         // DESC_INTS ints per volume
  const float* thresholds; // per-volume sorted thresholds, rounded down to float (float input only)
  i64* out;                // per volume, per level: b0, b1, b2
  int* counters;           // small path: per-volume counters for volumes with more than SMEM_LEVELS levels
  u32* codes;              // global path: level codes of the volume
  u32* parent;             // global path: union-find forest, node 0 = the padding
  u64* gcounters;          // global path: 3 * L counters
  int count;               // small path: volumes in the launch; global path: voxels of the volume
  int level;               // global path: the level of this launch
  int full;                // 1: the foreground is 26-connected (T), 0: 6-connected (V)
  int unused;
};
TW_CHECK_LAUNCH_ARGS(LaunchArgs);

// Descriptor of one volume (ints), as KernelLayout.java lays it out.
enum {
  D_IN = TW_D_IN,             // element offset of its input
  D_N0 = TW_D_N0,             // shape, leading size-1 axes for lower ranks
  D_N1 = TW_D_N1,
  D_N2 = TW_D_N2,
  D_LEVELS = TW_D_LEVELS,     // L, the number of distinct thresholds
  D_THR = TW_D_THR,           // float offset of its thresholds
  D_OUT = TW_D_OUT,           // element offset of its 3 * L outputs
  D_COUNTERS = TW_D_COUNTERS, // int offset of its 3 * L counters when L > SMEM_LEVELS
  DESC_INTS = TW_DESC_INTS
};

// Up to this many levels, a block keeps its counters (and float thresholds) in shared memory.
#define SMEM_LEVELS TW_SMEM_LEVELS

struct Grid {
  int n0, n1, n2, n;
};

__device__ __forceinline__ Grid gridOf(const int* d) {
  Grid g;
  g.n0 = d[D_N0];
  g.n1 = d[D_N1];
  g.n2 = d[D_N2];
  g.n = g.n0 * g.n1 * g.n2;
  return g;
}

__device__ __forceinline__ bool inside(const Grid& g, int i, int j, int k) {
  return i >= 0 && j >= 0 && k >= 0 && i < g.n0 && j < g.n1 && k < g.n2;
}

// A set of size-1 axes lies in a plane: it has no 2-dimensional holes, and b2 = 0.
__device__ __forceinline__ bool isFlat(const Grid& g) {
  return g.n0 == 1 || g.n1 == 1 || g.n2 == 1;
}

template <class C>
__device__ __forceinline__ int codeAt(const C* codes, const Grid& g, int i, int j, int k, int pad) {
  return inside(g, i, j, k) ? (int)codes[(i * g.n1 + j) * g.n2 + k] : pad;
}

// Level of a value: the number of thresholds below it (thresholds sorted, rounded down to float so
// that v <= t in double is v <= tf in float); NaN and +inf are never present.
__device__ __forceinline__ int levelOf(float v, const float* tf, int levels) {
  if (!(v < __int_as_float(0x7f800000))) {
    return levels;
  }
  int lo = 0;
  int hi = levels;
  while (lo < hi) {
    int mid = (lo + hi) >> 1;
    if (tf[mid] < v) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

__device__ __forceinline__ int toCode(float v, const float* tf, int levels) { return levelOf(v, tf, levels); }
__device__ __forceinline__ int toCode(u8 v, const float*, int) { return v; }
__device__ __forceinline__ int toCode(u16 v, const float*, int) { return v; }
__device__ __forceinline__ int toCode(u32 v, const float*, int) { return (int)v; }

template <class T> struct IsFloat { static const bool value = false; };
template <> struct IsFloat<float> { static const bool value = true; };

__device__ __forceinline__ void addCount(int* p, int v) { atomicAdd(p, v); }
__device__ __forceinline__ void addCount(u64* p, int v) { atomicAdd(p, (u64)(i64)v); }

__device__ __forceinline__ int warpSum(int v) {
  for (int o = 16; o > 0; o >>= 1) {
    v += __shfl_xor_sync(0xffffffffu, v, o);
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Union-find

template <class P>
__device__ u32 findRoot(P* parent, u32 x) {
  for (;;) {
    u32 p = tw_load(parent + x);
    if (p == x) {
      return x;
    }
    u32 g = tw_load(parent + p);
    if (g == p) {
      return p;
    }
    tw_store(parent + x, (P)g); // path halving: g is an ancestor of x with a smaller index
    x = g;
  }
}

// Merges the sets of a and b; returns 1 when they were distinct (exactly one successful CAS).
template <class P>
__device__ __noinline__ int unite(P* parent, u32 a, u32 b) {
  for (;;) {
    a = findRoot(parent, a);
    b = findRoot(parent, b);
    if (a == b) {
      return 0;
    }
    if (a < b) {
      u32 t = a;
      a = b;
      b = t;
    }
    if ((u32)atomicCAS(parent + a, (P)a, (P)b) == a) {
      return 1;
    }
  }
}

// Unions of the voxel (i, j, k) = index idx, arriving at level l, with the foreground neighbours
// that are present: a lower level, or the same level and earlier in raster order (so that each
// pair is taken once). Node of voxel v = v + 1.
template <bool FULL, class C, class P>
__device__ __forceinline__ int linkForeground(const C* codes, P* parent, const Grid& g, int idx, int i, int j, int k,
                                              int l) {
  int links = 0;
#pragma unroll
  for (int d0 = -1; d0 <= 1; ++d0) {
#pragma unroll
    for (int d1 = -1; d1 <= 1; ++d1) {
#pragma unroll
      for (int d2 = -1; d2 <= 1; ++d2) {
        int moved = (d0 != 0) + (d1 != 0) + (d2 != 0);
        if (moved == 0 || (!FULL && moved != 1)) {
          continue;
        }
        bool earlier = d0 < 0 || (d0 == 0 && (d1 < 0 || (d1 == 0 && d2 < 0)));
        if (!inside(g, i + d0, j + d1, k + d2)) {
          continue;
        }
        int nb = idx + (d0 * g.n1 + d1) * g.n2 + d2;
        int c = (int)codes[nb];
        if (c < l || (earlier && c == l)) {
          links += unite(parent, (u32)idx + 1, (u32)nb + 1);
        }
      }
    }
  }
  return links;
}

// The complement's counterpart, levels descending: the voxel arrives at level a, its present
// neighbours have a higher level (or the same and earlier), and a voxel on the border joins the
// padding (node 0).
template <bool FULL, class C, class P>
__device__ __forceinline__ int linkComplement(const C* codes, P* parent, const Grid& g, int idx, int i, int j, int k,
                                              int a) {
  int links = 0;
  bool border = false;
#pragma unroll
  for (int d0 = -1; d0 <= 1; ++d0) {
#pragma unroll
    for (int d1 = -1; d1 <= 1; ++d1) {
#pragma unroll
      for (int d2 = -1; d2 <= 1; ++d2) {
        int moved = (d0 != 0) + (d1 != 0) + (d2 != 0);
        if (moved == 0 || (!FULL && moved != 1)) {
          continue;
        }
        bool earlier = d0 < 0 || (d0 == 0 && (d1 < 0 || (d1 == 0 && d2 < 0)));
        if (!inside(g, i + d0, j + d1, k + d2)) {
          border = true;
          continue;
        }
        int nb = idx + (d0 * g.n1 + d1) * g.n2 + d2;
        int c = (int)codes[nb];
        if (c > a || (earlier && c == a)) {
          links += unite(parent, (u32)idx + 1, (u32)nb + 1);
        }
      }
    }
  }
  if (border) {
    links += unite(parent, (u32)idx + 1, 0u);
  }
  return links;
}

// ---------------------------------------------------------------------------------------------
// Euler characteristic: the cells based at one point of the grid, with their levels and signs.
// Equal levels are summed first: in a region of one level the eight signs cancel, and nothing is
// added at all.

template <class Cnt>
__device__ __forceinline__ void addCells(Cnt* hist, int* lv, int* sg, int absent) {
#pragma unroll
  for (int x = 1; x < 8; ++x) {
#pragma unroll
    for (int y = 0; y < x; ++y) {
      if (sg[x] != 0 && lv[y] == lv[x]) {
        sg[y] += sg[x];
        sg[x] = 0;
      }
    }
  }
#pragma unroll
  for (int x = 0; x < 8; ++x) {
    if (sg[x] != 0 && lv[x] < absent) {
      addCount(hist + lv[x], sg[x]);
    }
  }
}

__device__ __forceinline__ int imax(int a, int b) { return a > b ? a : b; }
__device__ __forceinline__ int imin(int a, int b) { return a < b ? a : b; }

// V: the base is a vertex; an edge, square or cube takes the max of its vertices.
template <class C, class Cnt>
__device__ __forceinline__ void eulerVertex(const C* codes, const Grid& g, int levels, int p, Cnt* hist) {
  int absent = levels;
  int pad = levels + 1;
  int k000 = (int)codes[p];
  if (k000 >= absent) {
    return;
  }
  int i = p / (g.n1 * g.n2);
  int j = (p / g.n2) % g.n1;
  int k = p % g.n2;
  int k001 = codeAt(codes, g, i, j, k + 1, pad);
  int k010 = codeAt(codes, g, i, j + 1, k, pad);
  int k011 = codeAt(codes, g, i, j + 1, k + 1, pad);
  int k100 = codeAt(codes, g, i + 1, j, k, pad);
  int k101 = codeAt(codes, g, i + 1, j, k + 1, pad);
  int k110 = codeAt(codes, g, i + 1, j + 1, k, pad);
  int k111 = codeAt(codes, g, i + 1, j + 1, k + 1, pad);
  int ez = imax(k000, k001);
  int ey = imax(k000, k010);
  int ex = imax(k000, k100);
  int fyz = imax(ez, imax(k010, k011));
  int fxz = imax(ez, imax(k100, k101));
  int fxy = imax(ey, imax(k100, k110));
  int cube = imax(imax(fyz, fxz), imax(k110, k111));
  int lv[8] = {k000, ez, ey, ex, fyz, fxz, fxy, cube};
  int sg[8] = {1, -1, -1, -1, 1, 1, 1, -1};
  addCells(hist, lv, sg, absent);
}

// T: the base is a grid point (i, j, k) in [0, n0] x [0, n1] x [0, n2]; the eight top cubes around
// it are the voxels (i - 1 + x, j - 1 + y, k - 1 + z), and a lower cell takes the min of the top
// cubes that contain it.
template <class C, class Cnt>
__device__ __forceinline__ void eulerTopCube(const C* codes, const Grid& g, int levels, int p, Cnt* hist) {
  int absent = levels;
  int pad = levels + 1;
  int m1 = g.n1 + 1;
  int m2 = g.n2 + 1;
  int i = p / (m1 * m2) - 1;
  int j = (p / m2) % m1 - 1;
  int k = p % m2 - 1;
  int k000 = codeAt(codes, g, i, j, k, pad);
  int k001 = codeAt(codes, g, i, j, k + 1, pad);
  int k010 = codeAt(codes, g, i, j + 1, k, pad);
  int k011 = codeAt(codes, g, i, j + 1, k + 1, pad);
  int k100 = codeAt(codes, g, i + 1, j, k, pad);
  int k101 = codeAt(codes, g, i + 1, j, k + 1, pad);
  int k110 = codeAt(codes, g, i + 1, j + 1, k, pad);
  int k111 = codeAt(codes, g, i + 1, j + 1, k + 1, pad);
  int fyz = imin(k011, k111);
  int fxz = imin(k101, k111);
  int fxy = imin(k110, k111);
  int ez = imin(fyz, imin(k001, k101));
  int ey = imin(fyz, imin(k010, k110));
  int ex = imin(fxz, imin(k100, k110));
  int v = imin(imin(ez, ey), imin(ex, k000));
  if (v >= absent) {
    return;
  }
  int lv[8] = {v, ez, ey, ex, fyz, fxz, fxy, k111};
  int sg[8] = {1, -1, -1, -1, 1, 1, 1, -1};
  addCells(hist, lv, sg, absent);
}

__device__ __forceinline__ int eulerPoints(const Grid& g, int full) {
  return full ? (g.n0 + 1) * (g.n1 + 1) * (g.n2 + 1) : g.n;
}

template <class C, class Cnt>
__device__ __forceinline__ void eulerAt(const C* codes, const Grid& g, int levels, int full, int p, Cnt* hist) {
  if (full) {
    eulerTopCube(codes, g, levels, p, hist);
  } else {
    eulerVertex(codes, g, levels, p, hist);
  }
}

// Running sums of the per-level counters into b0, b1, b2 (out holds 3 * L values).
template <class Cnt>
__device__ void finishLevels(const Cnt* fg, const Cnt* bg, const Cnt* hist, int levels, i64* out) {
  i64 b2 = 0;
  for (int l = levels - 1; l >= 0; --l) {
    b2 += (i64)bg[l];
    out[3 * l + 2] = b2;
  }
  i64 b0 = 0;
  i64 chi = 0;
  for (int l = 0; l < levels; ++l) {
    b0 += (i64)fg[l];
    chi += (i64)hist[l];
    out[3 * l] = b0;
    out[3 * l + 1] = b0 + out[3 * l + 2] - chi;
  }
}

// ---------------------------------------------------------------------------------------------
// Small volumes: one block per volume. Shared memory: [counters][thresholds][parent][codes].

__device__ __forceinline__ unsigned roundUp(unsigned x, unsigned to) { return (x + to - 1) / to * to; }

template <bool FULL, class C, class P>
__device__ void sweepSmall(const C* codes, P* parent, const Grid& g, int levels, int* fg, int* bg) {
  const int tid = threadIdx.x;
  const int step = blockDim.x;
  const bool lane0 = (tid & 31) == 0;
  for (int l = 0; l < levels; ++l) {
    int delta = 0;
    for (int v = tid; v < g.n; v += step) {
      if ((int)codes[v] == l) {
        int i = v / (g.n1 * g.n2);
        int j = (v / g.n2) % g.n1;
        int k = v % g.n2;
        delta += 1 - linkForeground<FULL>(codes, parent, g, v, i, j, k, l);
      }
    }
    delta = warpSum(delta);
    if (lane0 && delta != 0) {
      atomicAdd(fg + l, delta);
    }
    __syncthreads(); // the next level's unions must not overtake this level's
  }
  if (isFlat(g)) {
    return; // uniform across the block
  }
  for (int v = tid; v <= g.n; v += step) {
    parent[v] = (P)v;
  }
  __syncthreads();
  for (int a = levels; a >= 1; --a) {
    int delta = 0;
    for (int v = tid; v < g.n; v += step) {
      if ((int)codes[v] == a) {
        int i = v / (g.n1 * g.n2);
        int j = (v / g.n2) % g.n1;
        int k = v % g.n2;
        delta += 1 - linkComplement<!FULL>(codes, parent, g, v, i, j, k, a);
      }
    }
    delta = warpSum(delta);
    if (lane0 && delta != 0) {
      atomicAdd(bg + a - 1, delta);
    }
    __syncthreads();
  }
}

template <class In, class C, class P>
__device__ void bettiSmall(const LaunchArgs& args) {
  TW_DYNAMIC_SHARED(smem);
  const int* d = args.desc + blockIdx.x * DESC_INTS;
  const Grid g = gridOf(d);
  const int levels = d[D_LEVELS];
  const int tid = threadIdx.x;
  const int step = blockDim.x;
  const bool isFloat = IsFloat<In>::value;
  const bool sharedLevels = levels <= SMEM_LEVELS;

  unsigned offset = 0;
  int* counters;
  if (sharedLevels) {
    counters = (int*)smem;
    offset = roundUp(3u * levels * 4u, 16);
  } else {
    counters = args.counters + d[D_COUNTERS]; // zeroed by the host
  }
  const float* tf = args.thresholds + d[D_THR];
  if (isFloat && sharedLevels) {
    float* s = (float*)(smem + offset);
    for (int x = tid; x < levels; x += step) {
      s[x] = tf[x];
    }
    tf = s;
    offset += roundUp(levels * 4u, 16);
  }
  P* parent = (P*)(smem + offset);
  offset += roundUp((g.n + 1u) * (unsigned)sizeof(P), 16);
  C* codes = (C*)(smem + offset);

  if (sharedLevels) {
    for (int x = tid; x < 3 * levels; x += step) {
      counters[x] = 0;
    }
  }
  __syncthreads();
  const In* in = (const In*)args.input + d[D_IN];
  for (int v = tid; v < g.n; v += step) {
    codes[v] = (C)toCode(in[v], tf, levels);
  }
  for (int v = tid; v <= g.n; v += step) {
    parent[v] = (P)v;
  }
  __syncthreads();

  int* fg = counters;
  int* bg = counters + levels;
  int* hist = counters + 2 * levels;
  int points = eulerPoints(g, args.full);
  for (int p = tid; p < points; p += step) {
    eulerAt(codes, g, levels, args.full, p, hist);
  }
  if (args.full) {
    sweepSmall<true>(codes, parent, g, levels, fg, bg);
  } else {
    sweepSmall<false>(codes, parent, g, levels, fg, bg);
  }
  __syncthreads();
  if (tid == 0) {
    finishLevels(fg, bg, hist, levels, args.out + d[D_OUT]);
  }
}

// Variants: input (float values or level codes) x codes in shared memory (u8 up to 255 levels, u16
// up to 65535; more levels take the global path). Parent indices are u16: a volume of more than 65535
// voxels would need over 320 KB of shared memory with u32 ones, more than any device has per block,
// so it takes the global path. The parent type stays a template parameter all the same.
#define SMALL_KERNEL(name, In, C, P) \
  extern "C" __global__ void __launch_bounds__(1024) name(const LaunchArgs args) { bettiSmall<In, C, P>(args); }

SMALL_KERNEL(betti_small_f32_u8_p16, float, u8, u16)
SMALL_KERNEL(betti_small_f32_u16_p16, float, u16, u16)
SMALL_KERNEL(betti_small_u8_u8_p16, u8, u8, u16)
SMALL_KERNEL(betti_small_u16_u16_p16, u16, u16, u16)

// ---------------------------------------------------------------------------------------------
// Large volumes (and those with more than 65535 levels): one volume over the whole grid (desc[0..7] describes it), one thread per voxel or
// grid point, a launch per level; the launch boundaries separate the levels.
// gcounters: [0, L) foreground, [L, 2L) complement, [2L, 3L) chi (zeroed by the host).

template <class In>
__device__ void prepareGlobal(const LaunchArgs& args) {
  const int* d = args.desc;
  const int levels = d[D_LEVELS];
  const In* in = (const In*)args.input + d[D_IN];
  const float* tf = args.thresholds + d[D_THR];
  for (int v = blockIdx.x * blockDim.x + threadIdx.x; v <= args.count; v += gridDim.x * blockDim.x) {
    if (v < args.count) {
      args.codes[v] = (u32)toCode(in[v], tf, levels);
    }
    args.parent[v] = (u32)v;
  }
}

// The host always sends floats here: a large volume is one copy, and the device finds its levels.
extern "C" __global__ void betti_global_prepare(const LaunchArgs args) { prepareGlobal<float>(args); }

extern "C" __global__ void betti_global_reset(const LaunchArgs args) {
  for (int v = blockIdx.x * blockDim.x + threadIdx.x; v <= args.count; v += gridDim.x * blockDim.x) {
    args.parent[v] = (u32)v;
  }
}

extern "C" __global__ void betti_global_euler(const LaunchArgs args) {
  const Grid g = gridOf(args.desc);
  const int levels = args.desc[D_LEVELS];
  u64* hist = args.gcounters + 2 * levels;
  int points = eulerPoints(g, args.full);
  for (int p = blockIdx.x * blockDim.x + threadIdx.x; p < points; p += gridDim.x * blockDim.x) {
    eulerAt((const u32*)args.codes, g, levels, args.full, p, hist);
  }
}

template <bool FULL>
__device__ int foregroundAt(const LaunchArgs& args, const Grid& g, int v) {
  int i = v / (g.n1 * g.n2);
  int j = (v / g.n2) % g.n1;
  int k = v % g.n2;
  return 1 - linkForeground<FULL>((const u32*)args.codes, args.parent, g, v, i, j, k, args.level);
}

template <bool FULL>
__device__ int complementAt(const LaunchArgs& args, const Grid& g, int v) {
  int i = v / (g.n1 * g.n2);
  int j = (v / g.n2) % g.n1;
  int k = v % g.n2;
  return 1 - linkComplement<FULL>((const u32*)args.codes, args.parent, g, v, i, j, k, args.level);
}

// One foreground level (args.level): every voxel of that level arrives.
extern "C" __global__ void betti_global_fg(const LaunchArgs args) {
  const Grid g = gridOf(args.desc);
  int delta = 0;
  for (int v = blockIdx.x * blockDim.x + threadIdx.x; v < g.n; v += gridDim.x * blockDim.x) {
    if ((int)args.codes[v] == args.level) {
      delta += args.full ? foregroundAt<true>(args, g, v) : foregroundAt<false>(args, g, v);
    }
  }
  delta = warpSum(delta);
  if ((threadIdx.x & 31) == 0 && delta != 0) {
    addCount(args.gcounters + args.level, delta);
  }
}

// One complement level a = args.level (L down to 1), dual connectivity.
extern "C" __global__ void betti_global_bg(const LaunchArgs args) {
  const Grid g = gridOf(args.desc);
  const int levels = args.desc[D_LEVELS];
  int delta = 0;
  for (int v = blockIdx.x * blockDim.x + threadIdx.x; v < g.n; v += gridDim.x * blockDim.x) {
    if ((int)args.codes[v] == args.level) {
      delta += args.full ? complementAt<false>(args, g, v) : complementAt<true>(args, g, v);
    }
  }
  delta = warpSum(delta);
  if ((threadIdx.x & 31) == 0 && delta != 0) {
    addCount(args.gcounters + levels + args.level - 1, delta);
  }
}

extern "C" __global__ void betti_global_finish(const LaunchArgs args) {
  if (blockIdx.x == 0 && threadIdx.x == 0) {
    const int levels = args.desc[D_LEVELS];
    const i64* c = (const i64*)args.gcounters;
    finishLevels(c, c + levels, c + 2 * levels, levels, args.out + args.desc[D_OUT]);
  }
}
