// The placeholder value of an unavailable macro.

#include "template/placeholder.hpp"

#include "template/interp.hpp"

namespace dpipe::tmpl {

namespace {

class Unavailable : public Object {
public:
    Unavailable(std::string package, std::string macro, std::string reason, bool reported)
        : m_package(std::move(package)), m_macro(std::move(macro)), m_reason(std::move(reason)),
          m_reported(reported) {}
    std::string_view type_name() const override { return "placeholder"; }
    bool callable() const override { return true; }
    Value call(Interp& in, CallArgs&) override {
        std::string full = m_package + "." + m_macro;
        in.note_unavailable(full);
        if (!m_reported) {
            m_reported = true;
            in.report(in.diagnostic(core::Severity::Info, "TP100",
                                    "macro '" + full + "' is not available (" + m_reason +
                                        "); rendered as a placeholder"));
        }
        return self();
    }
    Value get_attr(Interp&, std::string_view) override { return self(); }
    Value get_item(Interp&, const Value&) override { return self(); }
    bool iterate(std::vector<Value>&) const override { return true; }
    std::string str() const override { return unavailable_marker(m_package, m_macro); }
    bool truthy() const override { return false; }

private:
    Value self() { return Value(shared_from_this()); }

    std::string m_package;
    std::string m_macro;
    std::string m_reason;
    bool m_reported;
};

} // namespace

std::string unavailable_marker(std::string_view package, std::string_view macro) {
    std::string out(k_unavailable_prefix);
    out += package;
    out += "__";
    out += macro;
    return out;
}

Value make_unavailable(std::string package, std::string macro, std::string reason, bool reported) {
    return Value(std::static_pointer_cast<Object>(
        std::make_shared<Unavailable>(std::move(package), std::move(macro), std::move(reason), reported)));
}

} // namespace dpipe::tmpl
