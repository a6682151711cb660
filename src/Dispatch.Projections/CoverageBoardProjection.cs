using Dispatch.Domain.Units;
using JasperFx.Events;
using Marten.Events.Projections;

namespace Dispatch.Projections;

/// <summary>
/// The coverage board, kept asynchronously from every unit event. Each unit evolves exactly as its write
/// model does; the event sequence is stored because, asynchronously, it is known and the same on a rebuild.
/// </summary>
public partial class CoverageBoardProjection : MultiStreamProjection<CoverageBoard, string>
{
    public const string ProjectionName = "CoverageBoard";

    public CoverageBoardProjection()
    {
        Name = ProjectionName;
        Identity<UnitCommissioned>(_ => CoverageBoard.CountyId);
        Identity<UnitAssigned>(_ => CoverageBoard.CountyId);
        Identity<UnitAcknowledged>(_ => CoverageBoard.CountyId);
        Identity<UnitEnRoute>(_ => CoverageBoard.CountyId);
        Identity<UnitArrivedOnScene>(_ => CoverageBoard.CountyId);
        Identity<UnitCleared>(_ => CoverageBoard.CountyId);
        Identity<UnitReleased>(_ => CoverageBoard.CountyId);
        Identity<UnitDutyChanged>(_ => CoverageBoard.CountyId);
        Identity<UnitPositionReported>(_ => CoverageBoard.CountyId);
        Identity<UnitCrewChanged>(_ => CoverageBoard.CountyId);
    }

    public override CoverageBoard? Evolve(CoverageBoard? snapshot, string id, IEvent e)
    {
        var unitId = e.Data switch
        {
            UnitCommissioned c => c.UnitId, UnitAssigned a => a.UnitId, UnitAcknowledged k => k.UnitId, UnitEnRoute r => r.UnitId,
            UnitArrivedOnScene o => o.UnitId, UnitCleared c => c.UnitId, UnitReleased r => r.UnitId, UnitDutyChanged d => d.UnitId,
            UnitPositionReported p => p.UnitId, UnitCrewChanged c => c.UnitId,
            _ => (Guid?)null,
        };
        if (unitId is not { } unit) return snapshot;
        var units = snapshot?.Units ?? [];
        var before = units.FirstOrDefault(u => u.Id == unit);
        // A unit event before its commissioning cannot happen in this store; skip it rather than stop the projection.
        if (before is null && e.Data is not UnitCommissioned) return snapshot;
        var after = UnitDecider.Evolve(before, e.Data)!;
        var changed = units.Where(u => u.Id != unit).Append(after)
            .OrderBy(u => u.CallSign, StringComparer.Ordinal).ThenBy(u => u.Id).ToList();
        return new CoverageBoard(id, changed, e.Sequence);
    }
}
