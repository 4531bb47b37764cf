namespace ChiroClick.Api.Infrastructure;

/// <summary>
/// A <see cref="TimeProvider"/> whose UTC now is truncated to whole microseconds, the resolution of
/// PostgreSQL's <c>timestamptz</c>. Used for event timestamps: .NET's 100 ns ticks would otherwise reach
/// inline projections with one more digit than the stored event, and a rebuild would not reproduce them.
/// </summary>
public sealed class MicrosecondTimeProvider(TimeProvider inner) : TimeProvider
{
    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        var now = inner.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    /// <inheritdoc />
    public override long TimestampFrequency => inner.TimestampFrequency;

    /// <inheritdoc />
    public override long GetTimestamp() => inner.GetTimestamp();
}
