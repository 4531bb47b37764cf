using ChiroClick.Api.Common;
using ChiroClick.Domain.Common;

namespace ChiroClick.Tests.Domain;

/// <summary>Domain errors carry a kind; the Api maps kinds to HTTP statuses in one place.</summary>
public sealed class DomainErrorTests
{
    [Theory]
    [InlineData(DomainErrorKind.Invalid, 400)]
    [InlineData(DomainErrorKind.NotFound, 404)]
    [InlineData(DomainErrorKind.Conflict, 409)]
    [InlineData(DomainErrorKind.BusinessRule, 422)]
    public void Each_kind_maps_to_its_status(DomainErrorKind kind, int status) =>
        Problems.StatusOf(kind).ShouldBe(status);

    [Fact]
    public void Every_kind_is_mapped() =>
        Enum.GetValues<DomainErrorKind>().Select(Problems.StatusOf).Distinct().Count().ShouldBe(Enum.GetValues<DomainErrorKind>().Length);

    [Fact]
    public void Factories_keep_the_titles_clients_already_see()
    {
        DomainError.Rule("x").ShouldBe(new DomainError(DomainErrorKind.BusinessRule, "Business rule violated", "x"));
        DomainError.Conflict("x").Title.ShouldBe("Conflict");
        DomainError.Invalid("x").Title.ShouldBe("Invalid request");
        DomainError.NotFound("x").Title.ShouldBe("Not found");
    }
}
