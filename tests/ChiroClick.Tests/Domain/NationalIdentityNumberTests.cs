using ChiroClick.Domain.Patients;

namespace ChiroClick.Tests.Domain;

/// <summary>Test vectors from Skatteetaten and navikt/fnrvalidator (MIT), copied in TestData/fnr.</summary>
public sealed class NationalIdentityNumberTests
{
    public static IEnumerable<object[]> Vectors() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", "fnr", "fnr_test_vectors.csv"))
            .Skip(1)
            .Select(line => line.Split(','))
            .Select(cols => new object[] { cols[0], bool.Parse(cols[1]) });

    [Theory]
    [MemberData(nameof(Vectors))]
    public void accepts_both_the_legacy_and_the_2032_control_digit_rules(string number, bool expectedValid)
    {
        NationalIdentityNumber.IsValid(number).ShouldBe(expectedValid);
    }
}
