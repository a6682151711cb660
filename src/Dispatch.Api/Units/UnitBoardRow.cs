using Dispatch.Domain.Geo;
using Dispatch.Domain.Units;
using NodaTime;

namespace Dispatch.Api.Units;

/// <summary>A unit as the dispatcher's board shows it.</summary>
public sealed record UnitBoardRow(Guid Id, string CallSign, string Kind, int? Grid, string ResponsibleUnit, int Crew,
    UnitStatus Status, Guid? CurrentIncidentId, GeoPoint Position, Instant PositionAt, string HomePlaceId,
    Instant LastChangedAt)
{
    public static UnitBoardRow From(UnitState u) => new(u.Id, u.CallSign, u.Kind, u.Grid, u.ResponsibleUnit, u.Crew,
        u.Status, u.CurrentIncidentId, u.Position, u.PositionAt, u.HomePlaceId, u.LastChangedAt);
}
