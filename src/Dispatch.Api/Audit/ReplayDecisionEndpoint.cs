using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain;
using Dispatch.Domain.Dispatching;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Reference;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Audit;

/// <summary>A recommendation as recorded in the decision event, or as re-run now.</summary>
public sealed record RecommendationOutcome(Guid? ChosenUnitId, string? ChosenCallSign, double? EtaSeconds, bool? WithinTarget,
    IReadOnlyList<Candidate> Candidates, IReadOnlyList<Exclusion> Excluded, string Explanation);

/// <summary>
/// The decision re-run: <see cref="SameUnit"/> compares the unit the recommendation chose then with the one it chooses now on
/// the same inputs; for a manual or override decision that is the recommended unit, not the dispatcher's choice.
/// </summary>
public sealed record DecisionReplay(Guid IncidentId, Guid DecisionId, long EventSequence, string EventType, string Mode,
    string RoadGraphVersion, string? DispatcherChoice, RecommendationOutcome Recorded, RecommendationOutcome Replayed, bool SameUnit,
    bool SameCandidates);

/// <summary>Re-runs Recommendation.Recommend on the DispatchInputs recorded in a decision event, over the current road graph.</summary>
public static class ReplayDecisionEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/incidents/{id}/decisions/{decisionId}/replay")]
    [ProducesResponseType(typeof(DecisionReplay), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, Guid decisionId, HttpContext http, IQuerySession session, ReferenceData reference,
        CancellationToken cancellation)
    {
        var events = await session.Events.FetchStreamAsync(id, token: cancellation);
        if (events.Count == 0 || events[0].Data is not IncidentReported) return Problems.NotFound($"Incident {id}", http);
        var recordedEvent = events.FirstOrDefault(e => DecisionIn(e.Data)?.DecisionId == decisionId);
        if (recordedEvent is null) return Problems.NotFound($"Decision {decisionId} of incident {id}", http);
        var decision = DecisionIn(recordedEvent.Data)!;

        if (decision.Inputs.RoadGraphVersion != reference.Roads.Version)
            return Problems.From(new Rejection(RejectionKind.Conflict, "road-graph-changed",
                $"Decision {decisionId} was made on road graph {decision.Inputs.RoadGraphVersion}; this server has {reference.Roads.Version}. " +
                "Travel times on another graph would not re-check the decision, so it is not replayed."), http);

        var replayed = Recommendation.Recommend(reference.Roads, decision.Inputs, decisionId);
        var manual = decision.Mode != DispatchDecision.Recommended;
        var recordedChoice = manual
            ? decision.Candidates.FirstOrDefault(c => c.CallSign == decision.RecommendedCallSign)
            : decision.Candidates.FirstOrDefault(c => c.UnitId == decision.ChosenUnitId);
        var recorded = manual
            ? new RecommendationOutcome(recordedChoice?.UnitId, decision.RecommendedCallSign, recordedChoice?.EtaSeconds,
                recordedChoice?.WithinTarget, decision.Candidates, decision.Excluded, decision.Explanation)
            : Outcome(decision);
        return Results.Ok(new DecisionReplay(id, decisionId, recordedEvent.Sequence, recordedEvent.EventTypeName, decision.Mode,
            decision.Inputs.RoadGraphVersion, manual ? decision.ChosenCallSign : null, recorded, Outcome(replayed),
            SameUnit: recorded.ChosenUnitId == replayed.ChosenUnitId,
            SameCandidates: decision.Candidates.Select(c => (c.UnitId, c.Rank)).SequenceEqual(replayed.Candidates.Select(c => (c.UnitId, c.Rank)))));
    }

    private static RecommendationOutcome Outcome(DispatchDecision d) =>
        new(d.ChosenUnitId, d.ChosenCallSign, d.EtaSeconds, d.WithinTarget, d.Candidates, d.Excluded, d.Explanation);

    private static DispatchDecision? DecisionIn(object data) => data switch
    {
        UnitDispatched e => e.Decision,
        NoUnitAvailable e => e.Decision,
        _ => null,
    };
}
