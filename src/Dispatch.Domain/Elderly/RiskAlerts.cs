using Dispatch.Domain.Geo;
using NetTopologySuite.Geometries;
using NodaTime;

namespace Dispatch.Domain.Elderly;

/// <summary>Where a risk alert applies: a polygon of WGS-84 points (closed or not), or a circle of a radius around a centre.</summary>
public sealed record AlertArea(IReadOnlyList<GeoPoint>? Polygon, GeoPoint? Centre, double? RadiusMetres)
{
    public bool Contains(GeoPoint point)
    {
        if (Centre is { } centre) return centre.MetresTo(point) <= RadiusMetres!.Value;
        var ring = Polygon!.Select(p => new Coordinate(p.Lon, p.Lat)).ToList();
        if (!ring[0].Equals2D(ring[^1])) ring.Add(ring[0]);
        var shape = new GeometryFactory().CreatePolygon([.. ring]);
        return shape.Covers(new Point(point.Lon, point.Lat));
    }
}

/// <summary>A registered person the alert was meant for, and where they were taken to be (their registered location).</summary>
public sealed record AlertRecipient(Guid PersonId, GeoPoint Location, string HouseholdCode);

/// <summary>
/// A risk alert (风险预警) went out for a hazard in an area. <see cref="Recipients"/> are exactly the people registered (and not
/// deregistered) whose registered location lay inside the area when it was issued; <see cref="PeopleConsidered"/> how many
/// registered people were looked at.
/// </summary>
public sealed record RiskAlertIssued(Guid AlertId, string Hazard, string Message, AlertArea Area, IReadOnlyList<AlertRecipient> Recipients,
    int PeopleConsidered, string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>What became of the alert for one person: delivered, failed or acknowledged, by whom and how (sms, phone, visit, device, app).</summary>
public sealed record RiskAlertDeliveryRecorded(Guid AlertId, Guid PersonId, string Status, string Channel, string? Note, string Actor,
    Instant OccurredAt) : IDispatchEvent;

public sealed record AlertDelivery(Guid PersonId, string Status, string? Channel, string? By, Instant? At, int Attempts);

public sealed record RiskAlertState(Guid Id, string Hazard, string Message, AlertArea Area, IReadOnlyList<AlertRecipient> Recipients,
    int PeopleConsidered, string IssuedBy, Instant IssuedAt, IReadOnlyDictionary<Guid, AlertDelivery> Deliveries)
{
    public const string Pending = "pending", Delivered = "delivered", Failed = "failed", Acknowledged = "acknowledged";
    public static readonly IReadOnlyList<string> Outcomes = [Delivered, Failed, Acknowledged];
    public static readonly IReadOnlyList<string> Channels = ["sms", "phone", "visit", "device", "app", "broadcast"];

    public long Version { get; init; }

    public static RiskAlertState? Evolve(RiskAlertState? state, object @event) => @event switch
    {
        RiskAlertIssued e => new RiskAlertState(e.AlertId, e.Hazard, e.Message, e.Area, e.Recipients, e.PeopleConsidered, e.Actor, e.OccurredAt,
            e.Recipients.ToDictionary(r => r.PersonId, r => new AlertDelivery(r.PersonId, Pending, null, null, null, 0))),
        RiskAlertDeliveryRecorded e when state is not null => state with
        {
            Deliveries = new Dictionary<Guid, AlertDelivery>(state.Deliveries)
            {
                [e.PersonId] = new(e.PersonId, e.Status, e.Channel, e.Actor, e.OccurredAt, state.Deliveries[e.PersonId].Attempts + 1),
            },
        },
        _ => state,
    };
}

public static class RiskAlertDecider
{
    public static RiskAlertIssued Issue(Guid id, string hazard, string message, AlertArea area,
        IReadOnlyList<(Guid Id, GeoPoint Location, string HouseholdCode, bool Registered)> people, string actor, Instant now)
    {
        var registered = people.Where(p => p.Registered).ToList();
        var inside = registered.Where(p => area.Contains(p.Location)).OrderBy(p => p.Id)
            .Select(p => new AlertRecipient(p.Id, p.Location, p.HouseholdCode)).ToList();
        return new RiskAlertIssued(id, hazard, message, area, inside, registered.Count, actor, now);
    }

    /// <summary>Acknowledged is final; after a failure another attempt may be recorded; delivered may still be acknowledged.</summary>
    public static Decision Record(RiskAlertState? alert, Guid personId, string status, string channel, string? note, string actor, Instant now)
    {
        if (alert is null) return Decision.Reject(RejectionKind.NotFound, "not-found", "No such risk alert.");
        if (!alert.Deliveries.TryGetValue(personId, out var current))
            return Decision.Reject(RejectionKind.RuleViolation, "not-a-recipient", $"Person {personId} is not among this alert's recipients.");
        if (current.Status == RiskAlertState.Acknowledged)
            return status == RiskAlertState.Acknowledged ? Decision.NoOp
                : Decision.Reject(RejectionKind.Conflict, "already-acknowledged", $"Person {personId} already acknowledged the alert.");
        if (current.Status == RiskAlertState.Delivered && status == RiskAlertState.Failed)
            return Decision.Reject(RejectionKind.Conflict, "already-delivered", $"The alert already reached person {personId}.");
        return Decision.Accept(new RiskAlertDeliveryRecorded(alert.Id, personId, status, channel, note, actor, now));
    }
}
