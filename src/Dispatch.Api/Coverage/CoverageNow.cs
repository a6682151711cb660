using Dispatch.Domain.Coverage;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Roads;
using Dispatch.Domain.Units;
using Dispatch.Projections;
using Marten;
using NodaTime;

namespace Dispatch.Api.Coverage;

/// <summary>
/// How fresh the coverage is: <see cref="AsOfSequence"/> is the last unit event the board includes,
/// <see cref="ProjectedThrough"/> how far the projection has read the log, <see cref="StoreHighestSequence"/>
/// the newest event stored; <see cref="UpToDate"/> when the projection has read everything.
/// </summary>
public sealed record CoverageFreshness(long AsOfSequence, long ProjectedThrough, long StoreHighestSequence, bool UpToDate);

/// <summary>A unit on the coverage board and whether it counts: the dispatcher's own rule.</summary>
public sealed record CoverageUnitRow(Guid UnitId, string CallSign, UnitStatus Status, bool Available, string? Note);

/// <summary>Everything coverage is computed from at this moment: the board, the peak factor, the freshness.</summary>
public sealed record CoverageNow(Instant At, bool PeakHour, TravelConditions Conditions, IReadOnlyList<CoverageUnit> Units,
    IReadOnlyList<UnitState> Board, CoverageFreshness Freshness)
{
    public static async Task<CoverageNow> LoadAsync(IQuerySession session, IDocumentStore store, ReferenceData reference, IClock clock,
        CancellationToken cancellation)
    {
        var board = await session.LoadAsync<CoverageBoard>(CoverageBoard.CountyId, cancellation);
        var duty = await session.LoadAsync<CountyDutyState>(CountyDutyState.StreamId, cancellation);
        var now = clock.GetCurrentInstant();
        // The dispatcher's rule (Dispatcher.Inputs): peak hours plus the periods the command designated.
        var peak = reference.PeakHours.IsPeak(now, duty?.Designated ?? []);
        var progress = await store.Advanced.AllProjectionProgress(token: cancellation);
        var projected = progress.Where(p => p.ShardName.StartsWith(CoverageBoardProjection.ProjectionName + ":", StringComparison.Ordinal))
            .Select(p => p.Sequence).DefaultIfEmpty(0).Max();
        var highest = await session.Events.QueryAllRawEvents().AnyAsync(cancellation)
            ? await session.Events.QueryAllRawEvents().MaxAsync(e => e.Sequence, cancellation)
            : 0;
        var units = board?.Units ?? [];
        return new CoverageNow(now, peak, peak ? reference.Peak : reference.FreeFlow,
            units.Select(u => new CoverageUnit(u.Id, u.CallSign, u.Status, u.Position)).ToList(), units,
            new CoverageFreshness(board?.LastSequence ?? 0, projected, highest, projected >= highest));
    }

    public IReadOnlyList<CoverageUnitRow> UnitRows() => Board.Select(u => new CoverageUnitRow(u.Id, u.CallSign, u.Status,
        CoverageCalculator.IsAvailable(u.Status),
        u.Status == UnitStatus.OnBreak ? "on break: counts, as dispatch may send it with a warning"
        : CoverageCalculator.IsAvailable(u.Status) ? null
        : UnitState.IsAssignment(u.Status) ? $"busy with incident {u.CurrentIncidentId}"
        : UnitDecider.Describe(u.Status))).ToList();
}
