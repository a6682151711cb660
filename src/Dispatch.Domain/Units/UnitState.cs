using Dispatch.Domain.Geo;
using NodaTime;

namespace Dispatch.Domain.Units;

public enum UnitStatus
{
    Available,
    Assigned,
    EnRoute,
    OnScene,
}

public sealed record UnitState(
    Guid Id, string CallSign, string Kind, int? Grid, string ResponsibleUnit, string HomePlaceId, GeoPoint HomePosition,
    int Crew, UnitStatus Status, Guid? CurrentIncidentId, GeoPoint? IncidentLocation, GeoPoint Position, Instant PositionAt,
    Instant LastChangedAt)
{
    /// <summary>The unit stream's version this state reflects; set by the event store, used for If-Match.</summary>
    public long Version { get; init; }

    public bool IsBusy => Status != UnitStatus.Available;
}
