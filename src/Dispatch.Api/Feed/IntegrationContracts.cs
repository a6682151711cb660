using NodaTime;

namespace Dispatch.Api.Feed;

// The public, versioned integration contracts: what other systems (the 110 platform, traffic police, fire,
// health, dashboards) may read. They are not the domain events: a domain event can change shape or split
// without breaking a consumer, and personal data (the caller's name and phone, descriptions that may name
// people) leaves only where a contract says so: none of these does. A change of shape is a new version
// (…v2) beside the old one, never an edit; the schema snapshot test fails on an accidental edit.

/// <summary>A WGS-84 position; latitude and longitude in degrees.</summary>
public sealed record ContractPosition(double Lat, double Lon, string Datum);

/// <summary>cn.wuyang.police.incident.reported.v1</summary>
public sealed record IncidentReportedV1(Guid IncidentId, string IncidentType, int Priority, ContractPosition Location,
    string? Address, string Zone, int TargetSeconds, int? Grid, int UnitsRequested, Instant ReportedAt);

/// <summary>cn.wuyang.police.unit.dispatched.v1</summary>
public sealed record UnitDispatchedV1(Guid IncidentId, Guid UnitId, string CallSign, int? UnitGrid, double? EtaSeconds,
    bool? WithinTarget, int TargetSeconds, string Mode, Instant DispatchedAt);

/// <summary>cn.wuyang.police.unit.arrived.v1</summary>
public sealed record UnitArrivedV1(Guid IncidentId, Guid UnitId, string CallSign, ContractPosition Position, Instant ArrivedAt);

/// <summary>cn.wuyang.police.unit.cleared.v1</summary>
public sealed record UnitClearedV1(Guid IncidentId, Guid UnitId, string CallSign, Instant ClearedAt);

/// <summary>cn.wuyang.police.incident.closed.v1</summary>
public sealed record IncidentClosedV1(Guid IncidentId, string Reason, Instant ClosedAt);

/// <summary>cn.wuyang.police.incident.reopened.v1</summary>
public sealed record IncidentReopenedV1(Guid IncidentId, int ResponseCycle, string Reason, Instant ReopenedAt);

/// <summary>cn.wuyang.police.duty-level.changed.v1</summary>
public sealed record DutyLevelChangedV1(string Level, Instant EffectiveAt, string Issuer, string Reason);

/// <summary>cn.wuyang.police.patrol.missed-visit.raised.v1</summary>
public sealed record MissedVisitRaisedV1(string PointId, string PointName, IReadOnlyList<int> Grids, Instant IntervalStart,
    Instant IntervalEnd, string Level);

/// <summary>cn.wuyang.police.patrol.missed-visit.retracted.v1</summary>
public sealed record MissedVisitRetractedV1(string PointId, string PointName, IReadOnlyList<int> Grids, Instant IntervalStart,
    Instant IntervalEnd, Guid VisitingUnitId);

/// <summary>Every contract with its CloudEvents type; the contract name is what an integrator is granted (claim <c>contract</c>).</summary>
public static class IntegrationContracts
{
    public const string TypePrefix = "cn.wuyang.police.";

    public static readonly IReadOnlyList<(Type Type, string Name)> All =
    [
        (typeof(IncidentReportedV1), "incident.reported.v1"),
        (typeof(UnitDispatchedV1), "unit.dispatched.v1"),
        (typeof(UnitArrivedV1), "unit.arrived.v1"),
        (typeof(UnitClearedV1), "unit.cleared.v1"),
        (typeof(IncidentClosedV1), "incident.closed.v1"),
        (typeof(IncidentReopenedV1), "incident.reopened.v1"),
        (typeof(DutyLevelChangedV1), "duty-level.changed.v1"),
        (typeof(MissedVisitRaisedV1), "patrol.missed-visit.raised.v1"),
        (typeof(MissedVisitRetractedV1), "patrol.missed-visit.retracted.v1"),
    ];

    public static string NameOf(Type type) =>
        All.FirstOrDefault(c => c.Type == type).Name ?? throw new InvalidOperationException($"{type} is not a contract.");

    /// <summary>The CloudEvents <c>type</c> of a contract, e.g. <c>cn.wuyang.police.incident.reported.v1</c>.</summary>
    public static string CloudEventType(string name) => TypePrefix + name;
}
