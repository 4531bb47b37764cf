using ChiroClick.Domain.Common;

namespace ChiroClick.Domain.Leads;

/// <summary>
/// Lead score in points, 0..100, from explicit rules (the sum is capped at 100):
/// <list type="table">
/// <item><term>source</term><description>referral +30, walk_in +25, phone +20, website +15, search +15,
/// campaign +10, social_media +10, other +5 (a personal recommendation converts best)</description></item>
/// <item><term>reachable</term><description>phone given +15, e-mail given +10</description></item>
/// <item><term>complaint</term><description>a reason for contact of at least 10 characters +15</description></item>
/// <item><term>consent</term><description>marketing consent +5</description></item>
/// <item><term>stage</term><description>contacted +10, consultation_booked +25, converted 100, lost 0</description></item>
/// </list>
/// Pure and deterministic: the same lead always gets the same score, so a replay reproduces it.
/// </summary>
public static class LeadScoring
{
    /// <summary>Scores a lead and lists the rules that contributed ("source referral +30", ...).</summary>
    public static (int Score, IReadOnlyList<string> Reasons) Score(
        LeadSource source, string? phone, string? email, string? complaint, bool marketingConsent, LeadStage stage)
    {
        if (stage == LeadStage.Converted) return (100, ["stage converted = 100"]);
        if (stage == LeadStage.Lost) return (0, ["stage lost = 0"]);

        var reasons = new List<string>();
        var total = 0;
        void Add(int points, string why)
        {
            total += points;
            reasons.Add($"{why} +{points}");
        }

        Add(SourcePoints(source), $"source {WireName.Of(source)}");
        if (!string.IsNullOrWhiteSpace(phone)) Add(15, "phone given");
        if (!string.IsNullOrWhiteSpace(email)) Add(10, "e-mail given");
        if (complaint is { } c && c.Trim().Length >= 10) Add(15, "reason for contact described");
        if (marketingConsent) Add(5, "marketing consent");
        if (stage == LeadStage.Contacted) Add(10, "stage contacted");
        if (stage == LeadStage.ConsultationBooked) Add(25, "stage consultation_booked");
        return (Math.Min(100, total), reasons);
    }

    /// <summary>Scores the lead as it stands.</summary>
    public static (int Score, IReadOnlyList<string> Reasons) Score(Lead lead) =>
        Score(lead.Source, lead.Phone, lead.Email, lead.Complaint, lead.MarketingConsent, lead.Stage);

    private static int SourcePoints(LeadSource source) => source switch
    {
        LeadSource.Referral => 30,
        LeadSource.WalkIn => 25,
        LeadSource.Phone => 20,
        LeadSource.Website => 15,
        LeadSource.Search => 15,
        LeadSource.Campaign => 10,
        LeadSource.SocialMedia => 10,
        _ => 5,
    };
}
