using System.Text.RegularExpressions;
using ChiroClick.Domain.Patients;

namespace ChiroClick.Api.Patients;

/// <summary>Validation and normalisation shared by the patient endpoints.</summary>
internal static partial class PatientInput
{
    public const int MaxNameLength = 200;
    public const int MaxTextLength = 4000;

    public static void CheckDetails(Dictionary<string, string[]> errors, string? fullName, DateOnly? birthDate, string? nationalIdentityNumber,
        string? phone, string? email, PostalAddress? address, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(fullName)) errors.Add("fullName", "fullName is required.");
        else if (fullName.Trim().Length > MaxNameLength) errors.Add("fullName", $"fullName is longer than {MaxNameLength} characters.");
        if (birthDate is { } born && born > DateOnly.FromDateTime(now.UtcDateTime)) errors.Add("birthDate", "birthDate is in the future.");
        if (!string.IsNullOrWhiteSpace(nationalIdentityNumber))
        {
            var check = NationalIdentityNumber.Check(Fnr(nationalIdentityNumber));
            if (check != NationalIdentityNumberCheck.Valid)
                errors.Add("nationalIdentityNumber", check switch
                {
                    NationalIdentityNumberCheck.Malformed => "A fødselsnummer has 11 digits.",
                    NationalIdentityNumberCheck.InvalidDate => "The first six digits of the fødselsnummer are not a real date.",
                    _ => "The control digits of the fødselsnummer are wrong (mod-11, legacy and 2032 rule).",
                });
        }
        if (!NorwegianPhone.TryNormalise(phone, out _)) errors.Add("phone", $"'{phone}' is not a valid phone number.");
        if (!string.IsNullOrWhiteSpace(email) && !System.Net.Mail.MailAddress.TryCreate(email.Trim(), out _))
            errors.Add("email", $"'{email}' is not a valid e-mail address.");
        if (address is not null && (string.IsNullOrWhiteSpace(address.Street) || string.IsNullOrWhiteSpace(address.City) ||
                                    !PostalCode().IsMatch(address.PostalCode ?? "")))
            errors.Add("address", "address needs street, city and a 4-digit Norwegian postalCode.");
    }

    public static string? Fnr(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Replace(" ", "").Trim();
    public static string? Phone(string? phone) => NorwegianPhone.TryNormalise(phone, out var e164) ? e164 : null;
    public static string? Email(string? email) => string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();

    /// <summary>ICPC-2 code shape: chapter letter and two digits (e.g. L03, L84), upper case.</summary>
    [GeneratedRegex("^[ABDFHKLNPRSTUWXYZ-][0-9]{2}$")]
    public static partial Regex Icpc2();

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex PostalCode();
}
