using Dispatch.Domain.Geo;
using Dispatch.Domain.Units;
using NodaTime;

namespace Dispatch.Api.Units;

/// <summary>A unit as the dispatcher's board shows it.</summary>
public sealed record UnitBoardRow(Guid Id, string CallSign, string Kind, int? Grid, string ResponsibleUnit, int Crew,
    UnitStatus Status, Guid? CurrentIncidentId, GeoPoint Position, Instant PositionAt, string HomePlaceId,
    Instant LastChangedAt, long Version)
{
    public static UnitBoardRow From(UnitState u) => new(u.Id, u.CallSign, u.Kind, u.Grid, u.ResponsibleUnit, u.Crew,
        u.Status, u.CurrentIncidentId, u.Position, u.PositionAt, u.HomePlaceId, u.LastChangedAt, u.Version);

    /// <summary>The unit stream's version as an HTTP entity tag, for If-Match on the next status update.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ETag => $"\"{Version}\"";
}
