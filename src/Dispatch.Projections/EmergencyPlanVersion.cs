using Dispatch.Domain.Materials;
using Dispatch.Domain.Plans;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Dispatch.Projections;

/// <summary>
/// One version of an emergency plan, as published or revised, never changed afterwards: load it with
/// <c>LoadAsync&lt;EmergencyPlanVersion&gt;(EmergencyPlanVersion.IdFor(planId, version))</c>. An incident names its version
/// in <c>IncidentState.Plan</c> / <c>IncidentDetails.Plan</c> (<see cref="PlanAttachment"/>), so what a plan asked for an
/// incident stays what it was when the incident was classified.
/// </summary>
public sealed record EmergencyPlanVersion(string Id, Guid PlanId, string Code, int PlanVersion, PlanContent Content, string? Reason,
    string? Trigger, IReadOnlyList<Guid> FeedbackIds, IReadOnlyList<string> Lessons, string Actor, NodaTime.Instant At)
{
    public static string IdFor(Guid planId, int version) => $"{planId:N}:{version}";

    /// <summary>The requirement lines of this version for an incident of <paramref name="scale"/> (small, large, major).</summary>
    public IReadOnlyList<MaterialLine> MaterialsFor(string scale) => Content.Materials.For(scale);
}

/// <summary>Every published or revised version becomes its own document; inline, so a revision is readable at once.</summary>
public partial class EmergencyPlanVersionProjection : MultiStreamProjection<EmergencyPlanVersion, string>
{
    public EmergencyPlanVersionProjection()
    {
        Identity<EmergencyPlanPublished>(e => EmergencyPlanVersion.IdFor(e.PlanId, e.Version));
        Identity<EmergencyPlanRevised>(e => EmergencyPlanVersion.IdFor(e.PlanId, e.Version));
    }

    public override EmergencyPlanVersion? Evolve(EmergencyPlanVersion? snapshot, string id, IEvent e) => e.Data switch
    {
        EmergencyPlanPublished p => new EmergencyPlanVersion(id, p.PlanId, p.Code, p.Version, p.Content, null, null, [], [], p.Actor, p.OccurredAt),
        EmergencyPlanRevised r => new EmergencyPlanVersion(id, r.PlanId, r.Code, r.Version, r.Content, r.Reason, r.Trigger, r.FeedbackIds,
            r.Lessons, r.Actor, r.OccurredAt),
        _ => snapshot,
    };
}

/// <summary>What the plan attached to an incident asks for at the incident's scale: the lookup material allocation uses.</summary>
public sealed record IncidentPlanRequirement(Guid IncidentId, string Type, PlanAttachment Plan, EmergencyPlanVersion? Version,
    IReadOnlyList<MaterialLine> Materials);

public static class EmergencyPlanRequirements
{
    /// <summary>
    /// The incident's attached plan version and scale and that version's material lines for the scale; null for an unknown
    /// incident, empty lines when no plan was attached. Two loads by primary key.
    /// </summary>
    public static async Task<IncidentPlanRequirement?> ForIncidentAsync(IQuerySession session, Guid incidentId,
        CancellationToken cancellation = default)
    {
        var incident = await session.LoadAsync<Dispatch.Domain.Incidents.IncidentState>(incidentId, cancellation);
        if (incident is null) return null;
        var plan = incident.Plan ?? new PlanAttachment(null, null, incident.Scale, null);
        if (plan is not { PlanId: { } planId, Version: { } version }) return new(incidentId, incident.Type, plan, null, []);
        var document = await session.LoadAsync<EmergencyPlanVersion>(EmergencyPlanVersion.IdFor(planId, version), cancellation);
        return new(incidentId, incident.Type, plan, document, document?.MaterialsFor(plan.Scale) ?? []);
    }
}
