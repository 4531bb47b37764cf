namespace ChiroClick.Domain.Patients;

/// <summary>
/// Norwegian national identity numbers: fødselsnummer, D-nummer (day + 40), H-nummer (month + 40) and
/// synthetic test numbers (month + 80). 11 digits: DDMMYY, a 3-digit individual number, two mod-11
/// control digits. Both control rules are accepted, as Skatteetaten requires from 2032:
/// <list type="bullet">
/// <item>k1 weights 3 7 6 1 8 9 4 5 2; legacy: k1 = 11 − (sum mod 11); from 2032 k1 may be
/// {11,12,13,14} − (sum mod 11), less 11 when above 10; a k1 of 10 is never valid;</item>
/// <item>k2 weights 5 4 3 2 7 6 5 4 3 2 over the nine digits and k1; k2 = 11 − (sum mod 11) (11 → 0, 10 invalid).</item>
/// </list>
/// The date must exist in some century (29 February only in a leap year). Source: Skatteetaten,
/// "Nytt fødselsnummer fra 2032".
/// </summary>
public static class NationalIdentityNumber
{
    private static readonly int[] K1Weights = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    private static readonly int[] K2Weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

    /// <summary>True when <paramref name="value"/> is 11 digits with a real date and valid control digits under either rule.</summary>
    public static bool IsValid(string? value) => Check(value) == NationalIdentityNumberCheck.Valid;

    /// <summary>Why a value is or is not a valid number.</summary>
    public static NationalIdentityNumberCheck Check(string? value)
    {
        if (value is null || value.Length != 11 || !value.All(char.IsAsciiDigit)) return NationalIdentityNumberCheck.Malformed;
        var d = value.Select(c => c - '0').ToArray();
        if (!HasValidDate(d)) return NationalIdentityNumberCheck.InvalidDate;

        var sum1 = 0;
        for (var i = 0; i < 9; i++) sum1 += d[i] * K1Weights[i];
        var k1Ok = false;
        for (var offset = 11; offset <= 14; offset++)
        {
            var k1 = offset - sum1 % 11;
            if (k1 > 10) k1 -= 11;
            if (k1 == 10) continue;
            if (k1 == d[9]) k1Ok = true;
        }
        if (!k1Ok) return NationalIdentityNumberCheck.InvalidControlDigits;

        var sum2 = 0;
        for (var i = 0; i < 10; i++) sum2 += d[i] * K2Weights[i];
        var k2 = 11 - sum2 % 11;
        if (k2 == 11) k2 = 0;
        return k2 == d[10] ? NationalIdentityNumberCheck.Valid : NationalIdentityNumberCheck.InvalidControlDigits;
    }

    private static bool HasValidDate(int[] d)
    {
        var day = d[0] * 10 + d[1];
        var month = d[2] * 10 + d[3];
        var year = d[4] * 10 + d[5];
        if (day > 40) day -= 40;          // D-nummer
        if (month > 80) month -= 80;      // synthetic (Tenor)
        else if (month > 40) month -= 40; // H-nummer
        if (month is < 1 or > 12 || day < 1) return false;
        return new[] { 1800, 1900, 2000 }.Any(century => day <= DateTime.DaysInMonth(century + year, month));
    }
}

/// <summary>Outcome of <see cref="NationalIdentityNumber.Check"/>.</summary>
public enum NationalIdentityNumberCheck
{
    /// <summary>A valid number.</summary>
    Valid,
    /// <summary>Not 11 digits.</summary>
    Malformed,
    /// <summary>DDMMYY is not a real date.</summary>
    InvalidDate,
    /// <summary>k1 or k2 is wrong under both rules.</summary>
    InvalidControlDigits,
}
