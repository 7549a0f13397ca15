// The one text writer codegen uses: fmt formatting plus indentation scopes.
#pragma once
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace tinyaot {

class Writer {
 public:
  template <class... Args>
  void line(fmt::format_string<Args...> f, Args&&... args) {
    buf_.append(size_t(indent_), ' ');
    fmt::format_to(std::back_inserter(buf_), f, std::forward<Args>(args)...);
    buf_.push_back('\n');
  }
  void blank() { buf_.push_back('\n'); }
  // Appends text as is (kernel sources, preformatted arrays).
  void raw(std::string_view text) { buf_.append(text); }

  class Scope {
   public:
    explicit Scope(Writer& w) : w_(w) { w_.indent_ += 2; }
    ~Scope() { w_.indent_ -= 2; }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    Writer& w_;
  };
  // Lines written while the returned scope lives are indented one level more.
  Scope indent() { return Scope(*this); }

  const std::string& str() const { return buf_; }

 private:
  std::string buf_;
  int indent_ = 0;
};

}  // namespace tinyaot
