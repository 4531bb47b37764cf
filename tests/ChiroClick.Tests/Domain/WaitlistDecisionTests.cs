using ChiroClick.Domain.Common;
using ChiroClick.Domain.Waitlist;

namespace ChiroClick.Tests.Domain;

/// <summary>The pure waitlist decisions, without a database.</summary>
public sealed class WaitlistDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly WaitlistWishes NoWishes = new(null, null, null, null);

    private static WaitlistEntry Entry() => WaitlistEntry.Create(WaitlistDecisions.Add(Guid.CreateVersion7(), Guid.CreateVersion7(), " Dr. Berg ", null, 3, " "));

    private static (WaitlistEntry Entry, Guid Offer) Offered(WaitlistEntry entry, TimeSpan expiresIn)
    {
        var offer = Guid.CreateVersion7();
        return (entry.Apply(new WaitlistOfferSent(entry.Id, offer, Now.AddDays(1), Now.AddDays(1).AddMinutes(30), null, Now, Now + expiresIn)), offer);
    }

    [Fact]
    public void An_entry_is_added_trimmed_with_any_time()
    {
        var entry = Entry();
        entry.PreferredPractitioner.ShouldBe("Dr. Berg");
        entry.Note.ShouldBeNull();
        entry.Windows.ShouldBeEmpty();
    }

    [Fact]
    public void Accepting_an_offer_expires_the_others_and_closes_as_booked()
    {
        var (entry, first) = Offered(Entry(), TimeSpan.FromHours(2));
        (entry, var second) = Offered(entry, TimeSpan.FromHours(2));
        var events = WaitlistDecisions.Update(entry, NoWishes, first, null, Now.AddHours(1)).Events;
        events[0].ShouldBeOfType<WaitlistOfferAccepted>().OfferId.ShouldBe(first);
        events[1].ShouldBeOfType<WaitlistOfferExpired>().OfferId.ShouldBe(second);
        events[2].ShouldBeOfType<WaitlistEntryClosed>().Reason.ShouldBe(WaitlistCloseReason.Booked);
    }

    [Fact]
    public void A_lapsed_offer_cannot_be_accepted_and_a_closed_entry_cannot_change()
    {
        var (entry, offer) = Offered(Entry(), TimeSpan.FromHours(2));
        WaitlistDecisions.Update(entry, NoWishes, offer, null, Now.AddHours(3)).Error.ShouldNotBeNull().Kind.ShouldBe(DomainErrorKind.BusinessRule);
        var closed = WaitlistDecisions.Update(entry, NoWishes, null, WaitlistCloseReason.Removed, Now);
        closed.Events.Select(e => e.GetType()).ShouldBe([typeof(WaitlistOfferExpired), typeof(WaitlistEntryClosed)]);
        entry = entry.Apply((WaitlistOfferExpired)closed.Events[0]).Apply((WaitlistEntryClosed)closed.Events[1]);
        WaitlistDecisions.Update(entry, new WaitlistWishes(5, null, null, null), null, null, Now).Error.ShouldNotBeNull()
            .Detail.ShouldBe("The waitlist entry is closed.");
    }

    [Fact]
    public void New_wishes_keep_what_is_left_out_and_an_empty_practitioner_clears_it()
    {
        var updated = (WaitlistEntryUpdated)WaitlistDecisions.Update(Entry(), new WaitlistWishes(5, "", null, null), null, null, Now).Events.Single();
        updated.Priority.ShouldBe(5);
        updated.PreferredPractitioner.ShouldBeNull();
    }

    [Fact]
    public void Only_offers_past_their_time_lapse_unless_all_are_asked()
    {
        var (entry, _) = Offered(Entry(), TimeSpan.FromHours(2));
        WaitlistDecisions.Lapsed(entry, Now.AddHours(1)).ShouldBeEmpty();
        WaitlistDecisions.Lapsed(entry, Now.AddHours(2)).ShouldHaveSingleItem();
        WaitlistDecisions.Lapsed(entry, Now, all: true).ShouldHaveSingleItem();
    }
}
