#include "scanner/source/blob.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>

#include "scanner/core/ascii.h"

namespace blastradius {

namespace {

// 0: no UTF-16 byte order mark; 1: little-endian; 2: big-endian.
int Utf16Bom(std::string_view data) {
  if (data.size() < 2) return 0;
  const auto b0 = static_cast<unsigned char>(data[0]), b1 = static_cast<unsigned char>(data[1]);
  if (b0 == 0xFF && b1 == 0xFE) return 1;
  if (b0 == 0xFE && b1 == 0xFF) return 2;
  return 0;
}

uint32_t Unit(std::string_view data, size_t i, bool little) {
  const auto a = static_cast<unsigned char>(data[i]), b = static_cast<unsigned char>(data[i + 1]);
  return little ? (a | (b << 8)) : ((a << 8) | b);
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

bool LooksBinary(std::string_view head) {
  size_t n = std::min<size_t>(head.size(), 8192);
  if (int bom = Utf16Bom(head)) {
    for (size_t i = 2; i + 1 < n; i += 2) {
      if (Unit(head, i, bom == 1) == 0) return true;
    }
    return false;
  }
  return std::memchr(head.data(), '\0', n) != nullptr;
}

bool TranscodeUtf16(std::string_view data, std::string* out) {
  const int bom = Utf16Bom(data);
  if (bom == 0) return false;
  const bool little = bom == 1;
  constexpr uint32_t kReplacement = 0xFFFD;
  out->clear();
  out->reserve(data.size());
  size_t i = 2;
  for (; i + 1 < data.size(); i += 2) {
    const uint32_t u = Unit(data, i, little);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < data.size()) {
      const uint32_t low = Unit(data, i + 2, little);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        AppendUtf8(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00), out);
        i += 2;
        continue;
      }
    }
    AppendUtf8(u >= 0xD800 && u <= 0xDFFF ? kReplacement : u, out);
  }
  if (i < data.size()) AppendUtf8(kReplacement, out);
  return true;
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
  const std::string ext = AsciiLower(path.substr(dot + 1));
  return std::find(kExt.begin(), kExt.end(), ext) != kExt.end();
}

}  // namespace blastradius
