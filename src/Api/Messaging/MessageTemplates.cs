namespace ChiroClick.Api.Messaging;

/// <summary>
/// The one template renderer of every outgoing text (campaigns, workflow messages, task titles and call scripts):
/// <c>{firstName}</c>, <c>{fullName}</c> and, for marketing, <c>{optOutUrl}</c>.
/// </summary>
public static class MessageTemplates
{
    /// <summary>Placeholder replaced by the recipient's signed opt-out link.</summary>
    public const string OptOutPlaceholder = "{optOutUrl}";

    /// <summary>The first word of <paramref name="fullName"/> (split on spaces), "" when there is none.</summary>
    public static string FirstName(string fullName) => fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";

    /// <summary>
    /// Fills <c>{firstName}</c>, <c>{fullName}</c> and, when <paramref name="optOutUrl"/> is given, <c>{optOutUrl}</c> in
    /// <paramref name="template"/>; other braces stay as written.
    /// </summary>
    public static string Render(string template, string fullName, string? optOutUrl = null)
    {
        var text = template.Replace("{firstName}", FirstName(fullName)).Replace("{fullName}", fullName);
        return optOutUrl is null ? text : text.Replace(OptOutPlaceholder, optOutUrl);
    }
}
