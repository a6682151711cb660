using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Api.Incidents;
using Dispatch.Domain;
using Dispatch.Domain.Access;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Elderly;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Inspections;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.RollCalls;
using Dispatch.Domain.Units;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Audit;

/// <summary>
/// A stream's state as of a moment or a version. <see cref="Basis"/> says which: <c>business-time</c> (events that
/// happened at or before <see cref="AsOf"/>, by their OccurredAt, whenever they were recorded), <c>recording-time</c>
/// (events the store had recorded by then: what the system knew), <c>version</c>, or <c>latest</c>.
/// </summary>
public sealed record StreamStateAsOf(Guid StreamId, string Kind, string StateType, string Basis, Instant? AsOf, long? Version,
    int EventsApplied, int EventsInStream, long? LastAppliedSequence, object? State);

/// <summary>
/// Folds the stream's events with the same Evolve functions the inline projections use, so the answer for the latest
/// version equals the stored document. Business time is filtered per event, not as a prefix: an offline check-in
/// recorded late still counts from the moment it happened.
/// </summary>
public static class GetStreamStateEndpoint
{
    private sealed record Kind(string Name, Type StateType, Func<object?, object, object?> Evolve);

    private static Kind? KindOf(object firstEvent) => firstEvent switch
    {
        IncidentReported => new("incident", typeof(IncidentState), (s, e) => IncidentDecider.Evolve((IncidentState?)s, e)),
        UnitCommissioned => new("unit", typeof(UnitState), (s, e) => UnitDecider.Evolve((UnitState?)s, e)),
        DutyLevelChanged or PeakDutyDesignated => new("county-duty", typeof(CountyDutyState), (s, e) => CountyDutyState.Evolve((CountyDutyState?)s, e)),
        PatrolPointVisited or MissedVisitRaised or MissedVisitRetracted =>
            new("patrol-point", typeof(PatrolPointState), (s, e) => PatrolPointState.Evolve((PatrolPointState?)s, e)),
        RollCallStarted => new("roll-call", typeof(RollCallState), (s, e) => RollCallState.Evolve((RollCallState?)s, e)),
        SpotCheckDrawn => new("inspection", typeof(InspectionState), (s, e) => InspectionState.Evolve((InspectionState?)s, e)),
        ApiKeyIssued => new("api-key", typeof(ApiKeyState), (s, e) => ApiKeyState.Evolve((ApiKeyState?)s, e)),
        VulnerablePersonRegistered => new("vulnerable-person", typeof(VulnerablePersonState),
            (s, e) => VulnerablePersonState.Evolve((VulnerablePersonState?)s, e)),
        ShelterCommissioned => new("shelter", typeof(ShelterState), (s, e) => ShelterState.Evolve((ShelterState?)s, e)),
        RiskAlertIssued => new("risk-alert", typeof(RiskAlertState), (s, e) => RiskAlertState.Evolve((RiskAlertState?)s, e)),
        _ => null,
    };

    /// <param name="asOf">Business time (the events' OccurredAt), ISO-8601 with offset.</param>
    /// <param name="recordedAsOf">Recording time (when the store appended each event), ISO-8601 with offset.</param>
    /// <param name="version">Stream version: the state after that many events.</param>
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/audit/streams/{streamId}/state")]
    [ProducesResponseType(typeof(StreamStateAsOf), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Get(Guid streamId, string? asOf, string? recordedAsOf, long? version, HttpContext http,
        IQuerySession session, CancellationToken cancellation)
    {
        var errors = new Dictionary<string, string[]>();
        var business = RequestRules.OptionalInstant(asOf, "asOf", errors);
        var recorded = RequestRules.OptionalInstant(recordedAsOf, "recordedAsOf", errors);
        if (new object?[] { asOf, recordedAsOf, version }.Count(x => x is not null) > 1)
            errors["asOf"] = ["give at most one of asOf (business time), recordedAsOf (recording time) and version"];
        if (version is < 1) errors["version"] = ["must be 1 or more"];
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);

        var events = await session.Events.FetchStreamAsync(streamId, token: cancellation);
        if (events.Count == 0) return Problems.NotFound($"Stream {streamId}", http);
        if (KindOf(events[0].Data) is not { } kind)
            return Problems.From(new Rejection(RejectionKind.RuleViolation, "unknown-stream-kind",
                $"Stream {streamId} starts with {events[0].EventTypeName}, which no state is folded from."), http);
        if (version > events[^1].Version)
            return Problems.From(new Rejection(RejectionKind.RuleViolation, "version-beyond-stream",
                $"Stream {streamId} has {events[^1].Version} events; version {version} does not exist yet."), http);

        Func<IEvent, bool> include = (business, recorded, version) switch
        {
            ({ } at, _, _) => e => e.Data is IDispatchEvent d && d.OccurredAt <= at,
            (_, { } at, _) => e => Instant.FromDateTimeOffset(e.Timestamp) <= at,
            (_, _, { } v) => e => e.Version <= v,
            _ => _ => true,
        };
        var basis = business is not null ? "business-time" : recorded is not null ? "recording-time" : version is not null ? "version" : "latest";

        object? state = null;
        var applied = new List<IEvent>();
        foreach (var e in events.Where(include))
        {
            state = kind.Evolve(state, e.Data);
            // The projections' documents carry the stream version Marten sets; so does the folded state.
            if (state?.GetType().GetProperty("Version") is { CanWrite: true } versionProperty && versionProperty.PropertyType == typeof(long))
                versionProperty.SetValue(state, e.Version);
            applied.Add(e);
        }
        return Results.Ok(new StreamStateAsOf(streamId, kind.Name, kind.StateType.Name, basis, business ?? recorded,
            applied.Count == 0 ? null : applied[^1].Version, applied.Count, events.Count, applied.LastOrDefault()?.Sequence,
            state is null ? null : PersonalData.ForReader(RecordedEvent.WithholdSecrets(state), http.User)));
    }
}
