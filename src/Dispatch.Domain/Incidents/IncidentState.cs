using Dispatch.Domain.Geo;
using Dispatch.Domain.Reference;
using NodaTime;

namespace Dispatch.Domain.Incidents;

public enum IncidentStatus
{
    AwaitingUnit,
    Dispatched,
}

public sealed record IncidentState(Guid Id, string Type, int Priority, GeoPoint Location, ZoneClassification Zone,
    Instant ReportedAt, IncidentStatus Status, IReadOnlyList<Guid> DispatchedUnits, int DispatchAttempts,
    string? Address = null, string? Description = null, GivenPosition? GivenLocation = null);
