using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Api.Patrol;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Reference;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Duty;

public sealed record ChangeDutyLevelRequest(string? Level, string? EffectiveAt, string? Issuer, string? Reason);

/// <summary>
/// The patrol detachment raises or lowers the county's duty level, now or at an announced time. The visit
/// schedule is re-planned from the effective time; an identical retry changes nothing.
/// </summary>
public static class ChangeDutyLevelEndpoint
{
    public static readonly IReadOnlyDictionary<string, DutyLevel> Levels = new Dictionary<string, DutyLevel>(StringComparer.Ordinal)
    {
        ["normal"] = DutyLevel.Normal,
        ["level-3"] = DutyLevel.Level3,
        ["level-2"] = DutyLevel.Level2,
        ["level-1"] = DutyLevel.Level1,
    };

    [Authorize(Policy = Policies.ChangeDutyLevel)]
    [WolverinePost("/duty-level")]
    [ProducesResponseType(typeof(DutyLevelView), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(DutyLevelView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(ChangeDutyLevelRequest? request, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, ReferenceData reference, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        if (request.Level is null || !Levels.TryGetValue(request.Level, out var level))
        {
            errors["level"] = [$"must be one of: {string.Join(", ", Levels.Keys)}"];
            level = default;
        }
        var effectiveAt = RequestRules.OptionalInstant(request.EffectiveAt, "effectiveAt", errors);
        var issuer = RequestRules.Required(request.Issuer, 100, "issuer", errors);
        var reason = RequestRules.Required(request.Reason, 500, "reason", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);

        var now = clock.GetCurrentInstant();
        await using var write = WriteSession.Open(store, wolverine, http);
        var stream = await write.Session.Events.FetchForWriting<CountyDutyState>(CountyDutyState.StreamId, cancellation);
        var decision = DutyDecider.ChangeLevel(stream.Aggregate, level, effectiveAt, issuer!, reason!, write.Caller.Actor, now);
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        if (decision.IsNoOp) return Results.Ok(DutyLevelView.From(stream.Aggregate!, reference, now));

        stream.AppendMany(decision.Events.ToArray());
        // Committed with the change: the sweep re-plans the missed-visit checks from the effective time.
        await write.Outbox.PublishAsync(new SweepPatrolIntervals(null));
        await write.Session.SaveChangesAsync(cancellation);

        var state = decision.Events.Aggregate(stream.Aggregate, (s, e) => CountyDutyState.Evolve(s, e))! with
        {
            Version = (stream.Aggregate?.Version ?? 0) + decision.Events.Count,
        };
        return Results.Created("/duty-level", DutyLevelView.From(state, reference, now));
    }
}
