using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace Dispatch.Domain.Plans;

/// <summary>The plan (应急预案) for incidents of type <see cref="Code"/> was published as version 1.</summary>
public sealed record EmergencyPlanPublished(Guid PlanId, string Code, int Version, PlanContent Content, string Actor, Instant OccurredAt)
    : IDispatchEvent;

/// <summary>
/// A new version of the plan. <see cref="Trigger"/>: drill, incident or rule-change; <see cref="FeedbackIds"/> and
/// <see cref="Lessons"/> are the feedback that led to it, copied here so the revision explains itself.
/// </summary>
public sealed record EmergencyPlanRevised(Guid PlanId, string Code, int Version, PlanContent Content, string Reason, string Trigger,
    IReadOnlyList<Guid> FeedbackIds, IReadOnlyList<string> Lessons, string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>
/// Lessons from an incident or a drill about the plan. <see cref="PlanVersion"/>: the version the incident was handled
/// under (the one attached to it), else the version current when the feedback was filed.
/// </summary>
public sealed record EmergencyPlanFeedbackFiled(Guid PlanId, Guid FeedbackId, string Source, Guid? IncidentId, int PlanVersion,
    IReadOnlyList<string> Lessons, string Actor, Instant OccurredAt) : IDispatchEvent;

public sealed record PlanVersionEntry(int Version, string Title, string? Reason, string? Trigger, IReadOnlyList<Guid> FeedbackIds,
    IReadOnlyList<string> Lessons, string Actor, Instant At);

public sealed record PlanFeedback(Guid FeedbackId, string Source, Guid? IncidentId, int PlanVersion, IReadOnlyList<string> Lessons,
    string Actor, Instant At, int? AddressedInVersion = null);

/// <summary>
/// A plan's write model: the current version's content, every version's summary and the feedback. One plan per incident
/// type, so the stream id is derived from the code (<see cref="StreamIdFor"/>): reporting an incident finds its plan with
/// one load by primary key. Every version's content is kept in <c>EmergencyPlanVersion</c> documents.
/// </summary>
public sealed record EmergencyPlanState(Guid Id, string Code, int CurrentVersion, PlanContent Current,
    IReadOnlyList<PlanVersionEntry> Versions, IReadOnlyList<PlanFeedback> Feedback)
{
    public static Guid StreamIdFor(string code)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("wuyang:emergency-plan:" + code));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8 (custom), variant 10
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    public static EmergencyPlanState? Evolve(EmergencyPlanState? state, object @event) => @event switch
    {
        EmergencyPlanPublished e => new EmergencyPlanState(e.PlanId, e.Code, e.Version, e.Content,
            [new PlanVersionEntry(e.Version, e.Content.Title, null, null, [], [], e.Actor, e.OccurredAt)], []),
        EmergencyPlanRevised e when state is not null => state with
        {
            CurrentVersion = e.Version,
            Current = e.Content,
            Versions = [.. state.Versions, new PlanVersionEntry(e.Version, e.Content.Title, e.Reason, e.Trigger, e.FeedbackIds, e.Lessons,
                e.Actor, e.OccurredAt)],
            Feedback = [.. state.Feedback.Select(f => f.AddressedInVersion is null && e.FeedbackIds.Contains(f.FeedbackId)
                ? f with { AddressedInVersion = e.Version } : f)],
        },
        EmergencyPlanFeedbackFiled e when state is not null => state with
        {
            Feedback = [.. state.Feedback, new PlanFeedback(e.FeedbackId, e.Source, e.IncidentId, e.PlanVersion, e.Lessons, e.Actor, e.OccurredAt)],
        },
        _ => state,
    };
}

public static class EmergencyPlanDecider
{
    public static Decision Publish(EmergencyPlanState? state, string code, PlanContent content, string actor, Instant now)
    {
        if (state is not null)
            return Decision.Reject(RejectionKind.Conflict, "plan-exists",
                $"The plan for '{code}' exists (version {state.CurrentVersion}); revise it instead.");
        if (content.Check() is { } invalid) return new Decision([], invalid);
        return Decision.Accept(new EmergencyPlanPublished(EmergencyPlanState.StreamIdFor(code), code, 1, content, actor, now));
    }

    public static Decision Revise(EmergencyPlanState? state, PlanContent content, string reason, string trigger,
        IReadOnlyList<Guid> feedbackIds, int? expectedVersion, string actor, Instant now)
    {
        if (state is null) return Decision.Reject(RejectionKind.NotFound, "plan-not-found", "No such plan.");
        if (expectedVersion is { } expected && expected != state.CurrentVersion)
            return Decision.Reject(RejectionKind.Conflict, "plan-version-changed",
                $"The plan is at version {state.CurrentVersion}, not {expected}; read it again before revising.");
        if (content.Check() is { } invalid) return new Decision([], invalid);
        if (feedbackIds.FirstOrDefault(id => state.Feedback.All(f => f.FeedbackId != id)) is var unknown && unknown != Guid.Empty)
            return Decision.Reject(RejectionKind.RuleViolation, "unknown-feedback", $"Feedback {unknown} was not filed against this plan.");
        if (content.SameAs(state.Current))
            return Decision.Reject(RejectionKind.RuleViolation, "unchanged", "The revision changes nothing in the current version.");
        var lessons = feedbackIds.Distinct().SelectMany(id => state.Feedback.First(f => f.FeedbackId == id).Lessons).ToList();
        return Decision.Accept(new EmergencyPlanRevised(state.Id, state.Code, state.CurrentVersion + 1, content, reason, trigger,
            [.. feedbackIds.Distinct()], lessons, actor, now));
    }

    /// <summary>
    /// <paramref name="incidentPlan"/> is the plan attached to the incident the feedback is about (null: none or no incident):
    /// feedback about an incident handled under another plan belongs to that plan.
    /// </summary>
    public static Decision FileFeedback(EmergencyPlanState? state, Guid feedbackId, string source, Guid? incidentId,
        PlanAttachment? incidentPlan, IReadOnlyList<string> lessons, string actor, Instant now)
    {
        if (state is null) return Decision.Reject(RejectionKind.NotFound, "plan-not-found", "No such plan.");
        if (state.Feedback.Any(f => f.FeedbackId == feedbackId)) return Decision.NoOp;
        if (incidentPlan?.PlanId is { } other && other != state.Id)
            return Decision.Reject(RejectionKind.RuleViolation, "incident-under-another-plan",
                $"Incident {incidentId} was handled under plan {other}; file the feedback there.");
        var version = incidentPlan?.PlanId == state.Id ? incidentPlan.Version!.Value : state.CurrentVersion;
        return Decision.Accept(new EmergencyPlanFeedbackFiled(state.Id, feedbackId, source, incidentId, version, lessons, actor, now));
    }
}

/// <summary>
/// The plan attached to an incident, as recorded on its events: <see cref="PlanId"/> and <see cref="Version"/> are null
/// when no plan existed for the incident's type then. <see cref="Scale"/> is the incident's scale (small, large, major).
/// The incident keeps this version whatever revisions come later.
/// </summary>
public sealed record PlanAttachment(Guid? PlanId, int? Version, string Scale, string? Title)
{
    public static PlanAttachment Of(EmergencyPlanState? plan, string scale) =>
        new(plan?.Id, plan?.CurrentVersion, scale, plan?.Current.Title);
}
