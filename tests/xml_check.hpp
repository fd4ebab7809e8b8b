// A small well-formedness check for the XML (SVG) that rbsynth writes: one
// root, tags that balance, quoted attributes without duplicates, and only
// the predefined or numeric entities. It also lists every element with its
// class attribute, so that tests can count what a chart draws. Enough for
// documents without DTDs or CDATA, which the writer never produces.
#pragma once

#include <cctype>
#include <set>
#include <string>
#include <vector>

namespace xml_check {

struct Element {
    std::string name, cls;
};

namespace detail {

inline bool entity_ok(const std::string& s, std::size_t amp) {
    const std::size_t semi = s.find(';', amp);
    if (semi == std::string::npos) return false;
    const std::string e = s.substr(amp + 1, semi - amp - 1);
    if (e == "amp" || e == "lt" || e == "gt" || e == "quot" || e == "apos") return true;
    if (e.size() < 2 || e[0] != '#') return false;
    for (std::size_t i = 1; i < e.size(); ++i)
        if (!std::isxdigit(static_cast<unsigned char>(e[i])) && !(i == 1 && e[i] == 'x')) return false;
    return true;
}

inline bool text_ok(const std::string& s, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i)
        if (s[i] == '&' && !entity_ok(s, i)) return false;
    return true;
}

inline bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '.';
}

inline std::size_t read_name(const std::string& s, std::size_t i) {
    while (i < s.size() && name_char(s[i])) ++i;
    return i;
}

// The attributes of a start tag from byte j (after its name) to its '>' or
// "/>"; returns where that is, or npos with `error` set.
inline std::size_t read_attributes(const std::string& s, std::size_t j, Element& el, std::string& error) {
    std::set<std::string> seen;
    for (;;) {
        while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
        if (j >= s.size()) return error = "unterminated <" + el.name + ">", std::string::npos;
        if (s[j] == '>' || s.compare(j, 2, "/>") == 0) return j;
        const std::size_t name_end = read_name(s, j);
        const std::string attr = s.substr(j, name_end - j);
        if (attr.empty() || name_end + 1 >= s.size() || s[name_end] != '=' || s[name_end + 1] != '"')
            return error = "bad attribute in <" + el.name + "> at byte " + std::to_string(j), std::string::npos;
        const std::size_t from = name_end + 2, close = s.find('"', from);
        if (close == std::string::npos || s.substr(from, close - from).find('<') != std::string::npos ||
            !text_ok(s, from, close) || !seen.insert(attr).second)
            return error = "bad value of " + attr + " in <" + el.name + ">", std::string::npos;
        if (attr == "class") el.cls = s.substr(from, close - from);
        j = close + 1;
    }
}

}  // namespace detail

// "" when `text` is well-formed, else what is wrong and where.
inline std::string check(const std::string& s, std::vector<Element>* elements = nullptr) {
    using namespace detail;
    std::vector<std::string> open;
    int roots = 0;
    std::size_t i = 0, text_from = 0;
    std::string error;
    while ((i = s.find('<', text_from)) != std::string::npos) {
        if (!text_ok(s, text_from, i)) return "bad entity before byte " + std::to_string(i);
        if (s.compare(i, 2, "<?") == 0 || s.compare(i, 4, "<!--") == 0) {
            const std::string end = s[i + 1] == '?' ? "?>" : "-->";
            const std::size_t at = s.find(end, i);
            if (at == std::string::npos) return "unterminated declaration or comment";
            text_from = at + end.size();
            continue;
        }
        if (s.compare(i, 2, "</") == 0) {
            const std::size_t end = read_name(s, i + 2);
            const std::string name = s.substr(i + 2, end - i - 2);
            if (open.empty() || open.back() != name || end >= s.size() || s[end] != '>')
                return "unbalanced </" + name + "> at byte " + std::to_string(i);
            open.pop_back();
            text_from = end + 1;
            continue;
        }
        const std::size_t name_end = read_name(s, i + 1);
        Element el{s.substr(i + 1, name_end - i - 1), ""};
        if (el.name.empty()) return "bad tag at byte " + std::to_string(i);
        if (open.empty() && roots++ > 0) return "a second root element at byte " + std::to_string(i);
        const std::size_t j = read_attributes(s, name_end, el, error);
        if (j == std::string::npos) return error;
        if (elements) elements->push_back(el);
        if (s[j] == '>') open.push_back(el.name);
        text_from = j + (s[j] == '>' ? 1 : 2);
    }
    if (!text_ok(s, text_from, s.size())) return "bad entity at the end";
    if (!open.empty()) return "<" + open.back() + "> is never closed";
    return roots == 1 ? "" : "no root element";
}

// How many elements have this tag name and class ("" for any class).
inline int count(const std::vector<Element>& els, const std::string& name, const std::string& cls) {
    int n = 0;
    for (const Element& e : els) n += e.name == name && (cls.empty() || e.cls == cls);
    return n;
}

}  // namespace xml_check
