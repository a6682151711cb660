using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain;
using Dispatch.Domain.Elderly;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Elderly;

public sealed record WhereaboutsAsOf(Guid PersonId, Instant At, string Status, WhereaboutsView Whereabouts, int EventsApplied);

/// <summary>
/// Where a person was at any instant, folded from the person's events that happened (business time) at or before it:
/// home or a shelter, and whether they were registered then.
/// </summary>
public static class GetWhereaboutsEndpoint
{
    /// <param name="at">ISO-8601 instant with offset; default now.</param>
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/vulnerable-people/{id}/whereabouts")]
    [ProducesResponseType(typeof(WhereaboutsAsOf), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, string? at, HttpContext http, IQuerySession session, IClock clock, CancellationToken cancellation)
    {
        var errors = new Dictionary<string, string[]>();
        var instant = RequestRules.OptionalInstant(at, "at", errors) ?? clock.GetCurrentInstant();
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        var events = id == Guid.Empty ? [] : await session.Events.FetchStreamAsync(id, token: cancellation);
        if (events.Count == 0 || events[0].Data is not VulnerablePersonRegistered) return Problems.NotFound($"Person {id}", http);

        var applied = events.Where(e => e.Data is IDispatchEvent d && d.OccurredAt <= instant).ToList();
        var state = applied.Aggregate((VulnerablePersonState?)null, (s, e) => VulnerablePersonState.Evolve(s, e.Data));
        if (state is null)
            return Problems.From(new Rejection(RejectionKind.RuleViolation, "not-yet-registered",
                $"Person {id} was registered at {((IDispatchEvent)events[0].Data).OccurredAt}, after {instant}."), http);
        var names = await GetVulnerablePeopleEndpoint.ShelterNames(session, cancellation);
        return Results.Ok(new WhereaboutsAsOf(id, instant, state.Registered ? "registered" : "deregistered",
            VulnerablePersonView.WhereaboutsOf(state.ShelterId, state.WhereaboutsSince, names), applied.Count));
    }
}
