#include "scanner/source/blob.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace blastradius {

bool LooksBinary(std::string_view head) {
  size_t n = std::min<size_t>(head.size(), 8192);
  return std::memchr(head.data(), '\0', n) != nullptr;
}

bool HasBinaryExtension(std::string_view path) {
  static constexpr std::array<std::string_view, 52> kExt{
      "png",   "jpg", "jpeg",  "gif", "bmp", "ico", "webp",  "tiff", "psd", "mp3", "mp4",    "mov", "avi",
      "mkv",   "wav", "flac",  "ogg", "zip", "gz",  "tgz",   "bz2",  "xz",  "zst", "7z",     "rar", "tar",
      "jar",   "war", "class", "exe", "dll", "so",  "dylib", "o",    "a",   "lib", "obj",    "pdf", "woff",
      "woff2", "ttf", "otf",   "eot", "pyc", "pyo", "wasm",  "bin",  "dat", "db",  "sqlite", "iso", "dmg"};
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return false;
  std::string ext(path.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::find(kExt.begin(), kExt.end(), ext) != kExt.end();
}

}  // namespace blastradius
