namespace ChiroClick.Api.Leads;

/// <summary>Validation shared by capture and update: name, e-mail and phone rules.</summary>
internal static class LeadInput
{
    public const int MaxNameLength = 200;
    public const int MaxTextLength = 2000;

    public static void CheckContact(Dictionary<string, string[]> errors, string? fullName, string? phone, string? email, string? complaint)
    {
        if (string.IsNullOrWhiteSpace(fullName)) errors.Add("fullName", "fullName is required.");
        else if (fullName.Trim().Length > MaxNameLength) errors.Add("fullName", $"fullName is longer than {MaxNameLength} characters.");
        if (!NorwegianPhone.TryNormalise(phone, out _)) errors.Add("phone", $"'{phone}' is not a valid phone number.");
        if (!string.IsNullOrWhiteSpace(email) && !System.Net.Mail.MailAddress.TryCreate(email.Trim(), out _))
            errors.Add("email", $"'{email}' is not a valid e-mail address.");
        if (complaint is { Length: > MaxTextLength }) errors.Add("complaint", $"complaint is longer than {MaxTextLength} characters.");
    }

    public static string? Phone(string? phone) => NorwegianPhone.TryNormalise(phone, out var e164) ? e164 : null;

    public static string? Email(string? email) => string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();
}
