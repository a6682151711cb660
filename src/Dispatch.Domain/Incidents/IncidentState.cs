using Dispatch.Domain.Geo;
using Dispatch.Domain.Plans;
using Dispatch.Domain.Reference;
using NodaTime;

namespace Dispatch.Domain.Incidents;

public enum IncidentStatus
{
    AwaitingUnit,
    Dispatched,
    Closed,
}

public sealed record IncidentState(Guid Id, string Type, int Priority, GeoPoint Location, ZoneClassification Zone,
    Instant ReportedAt, IncidentStatus Status, IReadOnlyList<Guid> DispatchedUnits, int DispatchAttempts,
    string? Address = null, string? Description = null, GivenPosition? GivenLocation = null, int ResponseCycle = 1,
    IReadOnlyList<Guid>? WithdrawnUnits = null, int UnitsRequested = 1, IReadOnlyList<Guid>? SentThisCycle = null,
    CallerContact? Caller = null, PlanAttachment? Plan = null, ElderlyCall? Elderly = null)
{
    /// <summary>The incident's scale: small unless reclassified.</summary>
    public string Scale => Plan?.Scale ?? PlanScales.Small;

    /// <summary>In the pending queue: dispatch ran and found no unit (or its unit was taken off), and it is not closed.</summary>
    public bool IsWaiting => Status == IncidentStatus.AwaitingUnit && DispatchAttempts > 0;

    /// <summary>Units sent in this response cycle and not taken off again.</summary>
    public int UnitsSent => SentThisCycle?.Count ?? 0;
}
