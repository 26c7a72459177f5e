using System.Globalization;

namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>Python's repr(float): shortest round-trip digits, fixed notation for exponents -4..15,
/// otherwise "1e+16" style, and integral values keep ".0".</summary>
static class PyFloat
{
    public static string Repr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";
        var (negative, digits, exponent) = Decompose(value);
        var text = exponent is >= -4 and < 16 ? Fixed(digits, exponent) : Scientific(digits, exponent);
        return negative ? "-" + text : text;
    }

    // value = 0.d1d2d3... × 10^(exponent + 1), i.e. d1 sits at 10^exponent.
    static (bool Negative, string Digits, int Exponent) Decompose(double value)
    {
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var mantissa = shortest;
        var exponent = 0;
        var e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0) { mantissa = shortest[..e]; exponent = int.Parse(shortest[(e + 1)..], CultureInfo.InvariantCulture); }
        var dot = mantissa.IndexOf('.');
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var fracPart = dot < 0 ? "" : mantissa[(dot + 1)..];
        var all = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - all.Length;
        var pointExponent = exponent + intPart.Length - 1 - leadingZeros;
        return (value < 0, all.TrimEnd('0') is { Length: > 0 } d ? d : "0", pointExponent);
    }

    static string Fixed(string digits, int exponent)
    {
        if (exponent < 0) return "0." + new string('0', -exponent - 1) + digits;
        if (digits.Length <= exponent + 1) return digits + new string('0', exponent + 1 - digits.Length) + ".0";
        return digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
    }

    static string Scientific(string digits, int exponent)
    {
        var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        var sign = exponent < 0 ? "-" : "+";
        return $"{mantissa}e{sign}{Math.Abs(exponent):00}";
    }
}
