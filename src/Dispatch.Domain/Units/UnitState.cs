using Dispatch.Domain.Geo;
using NodaTime;

namespace Dispatch.Domain.Units;

/// <summary>
/// Off an assignment a unit is available (just cleared, heading back), at its staging point, on patrol, on break,
/// out of service or off duty; on one it is assigned, acknowledged (签收), en route, then on scene.
/// </summary>
public enum UnitStatus
{
    Available,
    AtStagingPoint,
    OnPatrol,
    OnBreak,
    OutOfService,
    OffDuty,
    Assigned,
    Acknowledged,
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

    /// <summary>Badge numbers of the crew once changed by an event; null while the roster file's crew stands.</summary>
    public IReadOnlyList<string>? Officers { get; init; }

    public bool IsBusy => IsAssignment(Status);

    public static bool IsAssignment(UnitStatus status) => status >= UnitStatus.Assigned;

    /// <summary>Whether dispatch may send the unit; on break it may, with a warning.</summary>
    public static bool IsDispatchable(UnitStatus status) =>
        status is UnitStatus.Available or UnitStatus.AtStagingPoint or UnitStatus.OnPatrol or UnitStatus.OnBreak;
}
