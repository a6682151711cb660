using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace Dispatch.Domain.Inspections;

/// <summary>The daily spot-check (督察抽查): a sample of units and must-patrol points drawn with a recorded seed.</summary>
public sealed record SpotCheckDrawn(Guid InspectionId, LocalDate Date, long Seed, IReadOnlyList<string> Units, IReadOnlyList<string> Points,
    string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>What the inspector found about a sampled unit or point.</summary>
public sealed record FindingRecorded(Guid InspectionId, string Subject, string Severity, string Text, string Actor, Instant OccurredAt)
    : IDispatchEvent;

public sealed record Finding(string Subject, string Severity, string Text, string Inspector, Instant At);

public sealed record InspectionState(Guid Id, LocalDate Date, long Seed, IReadOnlyList<string> Units, IReadOnlyList<string> Points,
    string DrawnBy, Instant DrawnAt, IReadOnlyList<Finding> Findings)
{
    public long Version { get; init; }

    /// <summary>One spot-check per local day: its stream id comes from the date.</summary>
    public static Guid StreamIdFor(LocalDate date)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"wuyang:inspection:{date:yyyy-MM-dd}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    public static InspectionState? Evolve(InspectionState? state, object @event) => @event switch
    {
        SpotCheckDrawn e => new InspectionState(e.InspectionId, e.Date, e.Seed, e.Units, e.Points, e.Actor, e.OccurredAt, []),
        FindingRecorded e when state is not null => state with { Findings = [.. state.Findings, new Finding(e.Subject, e.Severity, e.Text, e.Actor, e.OccurredAt)] },
        _ => state,
    };
}

public static class SpotCheck
{
    public static readonly IReadOnlyList<string> Severities = ["info", "minor", "major"];

    /// <summary>
    /// The sample: candidates ranked by SHA-256 of seed and id, first <paramref name="count"/> taken. Anyone with the seed
    /// and the candidate list gets the same sample, on any machine or runtime.
    /// </summary>
    public static IReadOnlyList<string> Draw(long seed, IEnumerable<string> candidates, int count) =>
        [.. candidates.Distinct()
            .OrderBy(c => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{c}"))), StringComparer.Ordinal)
            .Take(count)];
}
