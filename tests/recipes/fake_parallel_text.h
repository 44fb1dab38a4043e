// Sentence pairs for fake corpora: German (or French) words and their English
// glosses in the same order, capitalised, with a final period, so every pair
// survives Moses-style cleaning and a model could learn something.
#pragma once

#include <cctype>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace ventris::test {

struct FakePair {
  std::string foreign, english;
};

class FakeParallelText {
 public:
  // language "de" or "fr"; the same seed gives the same pairs.
  FakeParallelText(const std::string& language, unsigned seed) : rng_(seed) {
    if (language == "fr")
      words_ = {{"un", "a"},      {"homme", "man"}, {"femme", "woman"}, {"chien", "dog"},     {"court", "runs"},
                {"assis", "sits"}, {"sur", "on"},   {"la", "the"},      {"rue", "street"},    {"joue", "plays"},
                {"e-mail", "e-mail"}};
    else
      words_ = {{"ein", "a"},     {"mann", "man"}, {"frau", "woman"}, {"hund", "dog"},      {"läuft", "runs"},
                {"sitzt", "sits"}, {"auf", "on"},  {"der", "the"},    {"straße", "street"}, {"spielt", "plays"},
                {"e-mail", "e-mail"}};
  }

  // A pair of `words` words (3 to 8 when 0).
  FakePair next(int words = 0) {
    const int n = words > 0 ? words : 3 + static_cast<int>(rng_() % 6);
    FakePair p;
    for (int w = 0; w < n; ++w) {
      const auto& [f, e] = words_[rng_() % words_.size()];
      if (w) {
        p.foreign += ' ';
        p.english += ' ';
      }
      p.foreign += f;
      p.english += e;
    }
    p.foreign[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(p.foreign[0])));
    p.english[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(p.english[0])));
    p.foreign += '.';
    p.english += '.';
    return p;
  }

 private:
  std::mt19937 rng_;
  std::vector<std::pair<std::string, std::string>> words_;
};

}  // namespace ventris::test
