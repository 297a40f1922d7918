using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Bunq.Catalogue;

/// <summary>
/// A small JSON reader for the one JSON document the analyzers read: a user's bunq-openapi.json. The analyzers target
/// netstandard2.0, which has no JSON parser, and an analyzer that ships System.Text.Json (plus System.Memory and friends)
/// beside itself can clash with the copy the hosting compiler or IDE has already loaded; a reader of plain objects,
/// arrays and strings is about a hundred lines. Objects keep their members' order (the catalogue keeps field order).
/// Numbers are kept as their text; nothing here needs their value.
/// </summary>
internal sealed class JsonLite
{
    // A user-supplied file must not be able to overflow the analyzer's stack.
    private const int MaxDepth = 128;

    private readonly string _text;
    private int _at;

    private JsonLite(string text) => _text = text;

    /// <summary>Parses a document into <see cref="JsonLiteObject"/>, <see cref="List{T}"/>, string, bool or null.</summary>
    /// <exception cref="FormatException">The text is not JSON, or nests deeper than 128 levels.</exception>
    public static object? Parse(string text)
    {
        var reader = new JsonLite(text);
        object? value = reader.Value(0);
        reader.SkipSpace();
        if (reader._at != text.Length)
        {
            throw reader.Error("text after the document");
        }

        return value;
    }

    private object? Value(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("nesting deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture));
        }

        SkipSpace();
        if (_at >= _text.Length)
        {
            throw Error("a value, not the end of the text");
        }

        switch (_text[_at])
        {
            case '{':
                return Object(depth);
            case '[':
                return Array(depth);
            case '"':
                return String();
            default:
                return Literal();
        }
    }

    private JsonLiteObject Object(int depth)
    {
        var members = new JsonLiteObject();
        _at++;
        SkipSpace();
        if (Peek() == '}')
        {
            _at++;
            return members;
        }

        while (true)
        {
            SkipSpace();
            if (Peek() != '"')
            {
                throw Error("a member name");
            }

            string name = String();
            SkipSpace();
            Expect(':');
            members.Add(name, Value(depth + 1));
            SkipSpace();
            if (Peek() == ',')
            {
                _at++;
                continue;
            }

            Expect('}');
            return members;
        }
    }

    private List<object?> Array(int depth)
    {
        var items = new List<object?>();
        _at++;
        SkipSpace();
        if (Peek() == ']')
        {
            _at++;
            return items;
        }

        while (true)
        {
            items.Add(Value(depth + 1));
            SkipSpace();
            if (Peek() == ',')
            {
                _at++;
                continue;
            }

            Expect(']');
            return items;
        }
    }

    private string String()
    {
        _at++; // the opening quote
        var value = new StringBuilder();
        while (true)
        {
            if (_at >= _text.Length)
            {
                throw Error("an unterminated string");
            }

            char c = _text[_at++];
            if (c == '"')
            {
                return value.ToString();
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            char escape = _at < _text.Length ? _text[_at++] : '\0';
            switch (escape)
            {
                case '"': case '\\': case '/': value.Append(escape); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'n': value.Append('\n'); break;
                case 'r': value.Append('\r'); break;
                case 't': value.Append('\t'); break;
                case 'u' when _at + 4 <= _text.Length
                    && int.TryParse(_text.Substring(_at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code):
                    value.Append((char)code);
                    _at += 4;
                    break;
                default:
                    throw Error("a bad escape");
            }
        }
    }

    private object? Literal()
    {
        int start = _at;
        while (_at < _text.Length && (char.IsLetterOrDigit(_text[_at]) || _text[_at] is '-' or '+' or '.'))
        {
            _at++;
        }

        string word = _text.Substring(start, _at - start);
        switch (word)
        {
            case "true": return true;
            case "false": return false;
            case "null": return null;
        }

        if (word.Length > 0 && double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return word;
        }

        _at = start;
        throw Error("a value");
    }

    private void SkipSpace()
    {
        while (_at < _text.Length && _text[_at] is ' ' or '\t' or '\r' or '\n')
        {
            _at++;
        }
    }

    private char Peek() => _at < _text.Length ? _text[_at] : '\0';

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error("'" + c + "'");
        }

        _at++;
    }

    private FormatException Error(string expected) =>
        new("JSON: expected " + expected + " at offset " + _at.ToString(CultureInfo.InvariantCulture) + ".");
}
