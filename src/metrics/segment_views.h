// Segments as views: what the scorers read, so that files mapped by
// text_io.h are scored without copying each line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ventris::metrics {

using SegmentViews = std::vector<std::string_view>;

inline SegmentViews as_views(const std::vector<std::string>& lines) { return SegmentViews(lines.begin(), lines.end()); }

inline std::vector<SegmentViews> as_views(const std::vector<std::vector<std::string>>& streams) {
  std::vector<SegmentViews> out;
  out.reserve(streams.size());
  for (const auto& s : streams) out.push_back(as_views(s));
  return out;
}

}  // namespace ventris::metrics
