using System.Text;

namespace ChiroClick.Api.Common.InputPolicies;

/// <summary>Which characters text input may hold, shared by the route/query and JSON body policies.</summary>
public static class TextRules
{
    /// <summary>
    /// True when <paramref name="value"/> holds a C0 control character (U+0000–U+001F) or DEL (U+007F).
    /// With <paramref name="allowLineBreaks"/> tab, line feed and carriage return are allowed (free text such as
    /// notes and message templates has them).
    /// </summary>
    public static bool HasControlCharacter(string value, bool allowLineBreaks = false)
    {
        foreach (var c in value)
        {
            if (c >= 0x20 && c != 0x7F) continue;
            if (allowLineBreaks && c is '\t' or '\n' or '\r') continue;
            return true;
        }
        return false;
    }

    /// <summary>True when the string holds a lone UTF-16 surrogate (not valid Unicode text; PostgreSQL refuses it).</summary>
    public static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
            if (char.IsSurrogate(value[i])) return true;
        }
        return false;
    }

    /// <summary>A field or parameter name made safe to show in a problem: controls escaped, at most 100 characters.</summary>
    public static string Printable(string name)
    {
        var sb = new StringBuilder(Math.Min(name.Length, 100));
        foreach (var c in name)
        {
            if (sb.Length >= 100) { sb.Append('…'); break; }
            if (c < 0x20 || c == 0x7F || char.IsSurrogate(c)) sb.Append($"\\u{(int)c:x4}");
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
