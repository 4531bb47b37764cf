using PhoneNumbers;

namespace ChiroClick.Api.Common;

/// <summary>
/// Phone numbers normalised to E.164 (ITU-T E.164, e.g. "+4799887766") with Google's libphonenumber,
/// Norway as the default region: "+47 99 88 77 66", "99887766" and "0047 99887766" are one number.
/// </summary>
public static class NorwegianPhone
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>E.164 form of <paramref name="input"/>, or null when it is not a valid number. Blank → null, ok.</summary>
    public static bool TryNormalise(string? input, out string? e164)
    {
        e164 = null;
        if (string.IsNullOrWhiteSpace(input)) return true;
        try
        {
            var number = Util.Parse(input.Trim(), "NO");
            if (!Util.IsValidNumber(number)) return false;
            e164 = Util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }
}
