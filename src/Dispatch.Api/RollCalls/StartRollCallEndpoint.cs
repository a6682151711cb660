using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Reference;
using Dispatch.Domain.RollCalls;
using Dispatch.Domain.Units;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.RollCalls;

public sealed record StartRollCallRequest(string? Note);

/// <summary>Close the roll call when its late window ends; the posts that never answered are recorded.</summary>
public sealed record CloseRollCall(Guid RollCallId);

/// <summary>
/// The command centre calls the roll (点名) of every duty point manned now: each unit on the street, at its post.
/// Answers are on time within the answer window, late until the roll call closes; a scheduled message closes it.
/// </summary>
public static class StartRollCallEndpoint
{
    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/roll-calls")]
    [ProducesResponseType(typeof(RollCallView), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(StartRollCallRequest? request, HttpContext http, IDocumentStore store, IWolverineRuntime wolverine,
        ReferenceData reference, IClock clock, CancellationToken cancellation)
    {
        var errors = new Dictionary<string, string[]>();
        var note = RequestRules.Text(request?.Note, 500, "note", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);

        var now = clock.GetCurrentInstant();
        await using var write = WriteSession.Open(store, wolverine, http);
        var units = await write.Session.Query<UnitState>().ToListAsync(cancellation);
        var posts = units.Where(u => StaffingCompliance.IsOnStreet(u.Status)).OrderBy(u => u.Grid ?? int.MaxValue).ThenBy(u => u.CallSign, StringComparer.Ordinal)
            .Select(u => new RollCallPost(u.Id, u.CallSign, u.Grid, u.HomePlaceId,
                reference.PlacesById.TryGetValue(u.HomePlaceId, out var place) ? place.Name : u.HomePlaceId))
            .ToList();
        if (posts.Count == 0)
            return Problems.From(new Domain.Rejection(Domain.RejectionKind.RuleViolation, "nobody-on-duty", "No unit is on the street to answer."), http);

        var rule = reference.Duty.RollCall;
        var id = Guid.CreateVersion7(now.ToDateTimeOffset());
        var started = new RollCallStarted(id, posts, now + rule.AnswerWithin, now + rule.AnswerWithin + rule.LateWindow, note,
            write.Caller.Actor, now);
        write.Session.Events.StartStream<RollCallState>(id, started);
        await write.Outbox.ScheduleAsync(new CloseRollCall(id), (started.ClosesAt - now).ToTimeSpan());
        await write.Session.SaveChangesAsync(cancellation);
        return Results.Created($"/roll-calls/{id}", RollCallView.From(RollCallState.Evolve(null, started)! with { Version = 1 }, now));
    }
}
