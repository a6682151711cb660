using Dispatch.Domain.Duty;
using Dispatch.Domain.Geo;
using NodaTime;

namespace Dispatch.Domain.Patrol;

/// <summary>
/// A unit checked in at a must-patrol point. <paramref name="OccurredAt"/> is the device's time, which decides
/// the visit interval; <paramref name="ReceivedAt"/> is when the server got it (offline devices upload later).
/// </summary>
public sealed record PatrolPointVisited(string PointId, Guid UnitId, string CallSign, string ClientId, Instant OccurredAt,
    Instant ReceivedAt, GeoPoint? Position, double? DistanceMetres, string Actor) : IDispatchEvent;

/// <summary>The interval closed (plus the grace period) without a visit to the point.</summary>
public sealed record MissedVisitRaised(string PointId, Instant IntervalStart, Instant IntervalEnd, DutyLevel Level,
    string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>A visit inside the interval arrived after the alert (an offline device's late upload): the alert was wrong.</summary>
public sealed record MissedVisitRetracted(string PointId, Instant IntervalStart, Instant IntervalEnd, string ClientId, Guid UnitId,
    Instant VisitedAt, string Actor, Instant OccurredAt) : IDispatchEvent;
