// An emulated NVRTC (the functions the gpu back end binds) for the emulated driver: "compiling"
// checks the source for real with g++ -fsyntax-only against cuda_emu.h, so a source with an error
// fails with a genuine compiler log; a source that compiles yields an image the emulated driver
// accepts (it runs the kernels it was built with).
//
// Built by the tests: g++ -std=c++20 -O1 -shared -fPIC -DEMU_INCLUDE='"…/src/test/native"'
//   emu_nvrtc.cpp -o libtopowatch-emu-nvrtc.so

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

typedef int nvrtcResult;

namespace {
struct Program {
  std::string source, name, log, image;
};
int g_major = 13;
int g_minor = 0;
int g_check = 1;

std::string run(const std::string& command, int* status) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) {
    *status = -1;
    return "cannot run g++";
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  *status = pclose(p);
  return out;
}
}  // namespace

extern "C" {

// Test control: "major", "minor" (the version reported), "check" (0: accept any source unchecked).
int topowatch_nvrtc_emu_set(const char* key, int value) {
  std::string k = key;
  if (k == "major") g_major = value;
  else if (k == "minor") g_minor = value;
  else if (k == "check") g_check = value;
  else return -1;
  return 0;
}

nvrtcResult nvrtcVersion(int* major, int* minor) {
  *major = g_major;
  *minor = g_minor;
  return 0;
}

nvrtcResult nvrtcGetNumSupportedArchs(int* n) {
  *n = 6;
  return 0;
}

nvrtcResult nvrtcGetSupportedArchs(int* archs) {
  int known[] = {75, 80, 86, 89, 90, 100};
  std::memcpy(archs, known, sizeof known);
  return 0;
}

nvrtcResult nvrtcCreateProgram(void** prog, const char* src, const char* name, int, const char* const*,
                               const char* const*) {
  Program* p = new Program();
  p->source = src;
  p->name = name == nullptr ? "default_program" : name;
  *prog = p;
  return 0;
}

nvrtcResult nvrtcDestroyProgram(void** prog) {
  delete static_cast<Program*>(*prog);
  *prog = nullptr;
  return 0;
}

nvrtcResult nvrtcCompileProgram(void* prog, int numOptions, const char* const* options) {
  Program* p = static_cast<Program*>(prog);
  std::string arch;
  for (int i = 0; i < numOptions; ++i) {
    std::string o = options[i];
    if (o.rfind("--gpu-architecture=", 0) == 0) arch = o.substr(19);
  }
  if (arch.empty()) {
    p->log = "nvrtc: error: no --gpu-architecture given\n";
    return 5; // NVRTC_ERROR_INVALID_OPTION
  }
  if (g_check) {
    char path[] = "/tmp/topowatch-nvrtc-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return 7;
    FILE* f = fdopen(fd, "w");
    std::fputs(p->source.c_str(), f);
    std::fclose(f);
    int status = 0;
    std::string out = run(std::string("g++ -std=c++20 -fsyntax-only -x c++ -DTOPOWATCH_EMULATION -I") + EMU_INCLUDE +
                              " " + path + " 2>&1",
                          &status);
    unlink(path);
    for (size_t at; (at = out.find(path)) != std::string::npos;) out.replace(at, std::strlen(path), p->name);
    p->log = out;
    if (status != 0) return 6; // NVRTC_ERROR_COMPILATION
  }
  p->image = "TOPOWATCH-EMU-CUBIN " + arch + "\n";
  return 0;
}

nvrtcResult nvrtcGetProgramLogSize(void* prog, size_t* size) {
  *size = static_cast<Program*>(prog)->log.size() + 1;
  return 0;
}

nvrtcResult nvrtcGetProgramLog(void* prog, char* log) {
  std::string& l = static_cast<Program*>(prog)->log;
  std::memcpy(log, l.c_str(), l.size() + 1);
  return 0;
}

nvrtcResult nvrtcGetCUBINSize(void* prog, size_t* size) {
  *size = static_cast<Program*>(prog)->image.size() + 1;
  return 0;
}

nvrtcResult nvrtcGetCUBIN(void* prog, char* image) {
  std::string& i = static_cast<Program*>(prog)->image;
  std::memcpy(image, i.c_str(), i.size() + 1);
  return 0;
}

nvrtcResult nvrtcGetPTXSize(void* prog, size_t* size) { return nvrtcGetCUBINSize(prog, size); }

nvrtcResult nvrtcGetPTX(void* prog, char* image) { return nvrtcGetCUBIN(prog, image); }

const char* nvrtcGetErrorString(nvrtcResult r) {
  switch (r) {
    case 0: return "NVRTC_SUCCESS";
    case 5: return "NVRTC_ERROR_INVALID_OPTION";
    case 6: return "NVRTC_ERROR_COMPILATION";
    default: return "NVRTC_ERROR_INTERNAL_ERROR";
  }
}

}  // extern "C"
