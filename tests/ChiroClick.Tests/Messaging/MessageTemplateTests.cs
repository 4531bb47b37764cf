using ChiroClick.Api.Messaging;
using ChiroClick.Domain.Communications;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Workflows;

namespace ChiroClick.Tests.Messaging;

public sealed class MessageTemplateTests
{
    [Theory]
    [InlineData("Hei {firstName}!", "  Kari  Nordmann ", null, "Hei Kari!")]
    [InlineData("{fullName}: {optOutUrl}", "Ola", "https://x/o", "Ola: https://x/o")]
    [InlineData("{firstName}{optOutUrl}", "", null, "{optOutUrl}")]
    public void templates_fill_names_and_the_opt_out_link(string template, string fullName, string? optOut, string expected) =>
        MessageTemplates.Render(template, fullName, optOut).ShouldBe(expected);

    [Fact]
    public void an_address_is_masked_in_step_details()
    {
        OutboundMessaging.Mask("kari@example.no").ShouldBe("k***@example.no");
        OutboundMessaging.Mask("+4799887766").ShouldBe("+47******66");
    }

    [Fact]
    public void the_channel_needs_the_consent_and_the_address()
    {
        var kari = new MessageRecipient(Guid.NewGuid(), null, "Kari Nordmann", "+4799887766", "kari@example.no",
            [new ConsentGrant(ConsentChannel.Sms, ConsentPurpose.Care), new ConsentGrant(ConsentChannel.Email, ConsentPurpose.Marketing)]);
        kari.FirstName.ShouldBe("Kari");
        kari.Can(CommunicationChannel.Sms, ConsentPurpose.Care).ShouldBeTrue();
        kari.Can(CommunicationChannel.Email, ConsentPurpose.Care).ShouldBeFalse();
        kari.ChannelFor(WorkflowChannel.Preferred, ConsentPurpose.Marketing).Channel.ShouldBe(CommunicationChannel.Email);
        kari.ChannelFor(WorkflowChannel.Preferred, ConsentPurpose.Surveys).Why.ShouldBe("no sms or email address with a surveys consent");
        (kari with { Phone = " " }).Can(CommunicationChannel.Sms, ConsentPurpose.Care).ShouldBeFalse();
        kari.AddressOn(CommunicationChannel.Email).ShouldBe("kari@example.no");
    }
}
