// Diagnostics: user and model problems are values, never exceptions.
#pragma once
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

namespace tinyaot {

class Node;

struct Diagnostic {
  enum class Severity { Error, Warning, Note };
  Severity severity = Severity::Error;
  std::string node;     // ONNX node name, empty for model-level problems
  std::string op;       // ONNX op type, empty for model-level problems
  std::string message;

  // "model.onnx: node 'conv_3' (Conv): error: ..."
  std::string format(const std::string& file) const;
};

// A Status is "ok" when it carries no error. It may carry warnings.
class Status {
 public:
  Status() = default;
  static Status ok() { return {}; }
  static Status error(std::string message) {
    Status s;
    s.diags_.push_back({Diagnostic::Severity::Error, "", "", std::move(message)});
    return s;
  }
  static Status nodeError(const Node& n, std::string message);
  static Status nodeError(std::string node, std::string op, std::string message) {
    Status s;
    s.diags_.push_back({Diagnostic::Severity::Error, std::move(node), std::move(op), std::move(message)});
    return s;
  }
  bool isOk() const;
  explicit operator bool() const { return isOk(); }
  void append(const Status& other) {
    diags_.insert(diags_.end(), other.diags_.begin(), other.diags_.end());
  }
  const std::vector<Diagnostic>& diagnostics() const { return diags_; }
  // First error's message (for tests and short reports).
  std::string message() const;
  std::string format(const std::string& file) const;

 private:
  std::vector<Diagnostic> diags_;
};

template <class... Args>
Status errorf(fmt::format_string<Args...> f, Args&&... args) {
  return Status::error(fmt::format(f, std::forward<Args>(args)...));
}
template <class... Args>
Status nodeErrorf(const Node& n, fmt::format_string<Args...> f, Args&&... args) {
  return Status::nodeError(n, fmt::format(f, std::forward<Args>(args)...));
}

// Expected<T>: a value or the Status explaining why there is none.
template <class T>
class Expected {
 public:
  Expected(T value) : v_(std::move(value)) {}
  Expected(Status status) : v_(std::move(status)) {}
  bool hasValue() const { return v_.index() == 0; }
  explicit operator bool() const { return hasValue(); }
  T& operator*() { return std::get<0>(v_); }
  const T& operator*() const { return std::get<0>(v_); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& value() { return std::get<0>(v_); }
  const Status& status() const { return std::get<1>(v_); }

 private:
  std::variant<T, Status> v_;
};

// Fails, naming `flag` and the extensions it writes, unless `path` ends in
// one of `extensions` (".json", ".html", ...): for report files whose format
// follows their extension.
Status checkReportExtension(const std::string& flag, const std::string& path,
                            const std::vector<std::string>& extensions);

#define TA_TRY(expr)                        \
  do {                                      \
    ::tinyaot::Status ta_st_ = (expr);      \
    if (!ta_st_.isOk()) return ta_st_;      \
  } while (0)

}  // namespace tinyaot
