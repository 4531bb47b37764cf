using ChiroClick.Api.Tools;

namespace ChiroClick.Tests.Tools;

public class TrainingCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "chiroclick-training-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private const string Line =
        """{"prompt":"Pasient har vondt i L4/L5.","chosen":"A: L86.","rejected":"A: L03.","metadata":{"source":"clinical_feedback","task":"diagnosis","correction_type":"rejected","confidence":0.7,"model":"chiro-medical","variant":null,"age_range":"40–49","system":"Du er kiropraktor."}}""";

    [Fact]
    public async Task Merge_command_writes_the_dataset_and_fails_when_a_file_is_refused()
    {
        Directory.CreateDirectory(_dir);
        var good = Path.Combine(_dir, "a.jsonl");
        await File.WriteAllTextAsync(good, Line + "\n");
        var command = new TrainingCommand();

        (await command.Execute(new TrainingInput { Action = "merge", Files = [good], OutFlag = Path.Combine(_dir, "out") })).ShouldBeTrue();
        File.ReadAllText(Path.Combine(_dir, "out", "dpo.jsonl")).ShouldBe(Line + "\n");
        File.Exists(Path.Combine(_dir, "out", "manifest.json")).ShouldBeTrue();

        var bad = Path.Combine(_dir, "b.jsonl");
        await File.WriteAllTextAsync(bad, Line.Replace("A: L86.", "Ring 91454925.") + "\n");
        (await command.Execute(new TrainingInput { Action = "merge", Files = [good, bad], OutFlag = Path.Combine(_dir, "out2") })).ShouldBeFalse();
        (await command.Execute(new TrainingInput { Action = "merge", Files = [good] })).ShouldBeFalse();
        (await command.Execute(new TrainingInput { Action = "export", ClinicFlag = "not-a-guid", OutFlag = _dir })).ShouldBeFalse();
    }
}
