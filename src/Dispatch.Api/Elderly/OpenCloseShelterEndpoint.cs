using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain;
using Dispatch.Domain.Elderly;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Elderly;

public sealed record ShelterStatusRequest(string? Reason);

/// <summary>A shelter opens for admissions, or closes to new ones (those inside stay until relocated). Repeating either is a no-op.</summary>
public static class OpenCloseShelterEndpoint
{
    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/shelters/{id}/open")]
    [ProducesResponseType(typeof(ShelterView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static Task<IResult> Open(Guid id, ShelterStatusRequest? request, HttpContext http, IDocumentStore store, IWolverineRuntime wolverine,
        IClock clock, CancellationToken cancellation) =>
        Change(id, request, http, store, wolverine, clock, ShelterDecider.Open, cancellation);

    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/shelters/{id}/close")]
    [ProducesResponseType(typeof(ShelterView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static Task<IResult> Close(Guid id, ShelterStatusRequest? request, HttpContext http, IDocumentStore store, IWolverineRuntime wolverine,
        IClock clock, CancellationToken cancellation) =>
        Change(id, request, http, store, wolverine, clock, ShelterDecider.Close, cancellation);

    private static async Task<IResult> Change(Guid id, ShelterStatusRequest? request, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, IClock clock, Func<ShelterState?, string?, string, Instant, Decision> decide, CancellationToken cancellation)
    {
        var errors = new Dictionary<string, string[]>();
        var reason = RequestRules.Text(request?.Reason, 500, "reason", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (id == Guid.Empty) return Problems.NotFound($"Shelter {id}", http);
        await using var write = WriteSession.Open(store, wolverine, http);
        var stream = await write.Session.Events.FetchForWriting<ShelterState>(id, cancellation);
        var decision = decide(stream.Aggregate, reason, write.Caller.Actor, clock.GetCurrentInstant());
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        var state = stream.Aggregate!;
        if (!decision.IsNoOp)
        {
            stream.AppendMany(decision.Events.ToArray());
            await write.Session.SaveChangesAsync(cancellation);
            state = ShelterState.Evolve(state, decision.Events[0])! with { Version = (stream.CurrentVersion ?? 0) + 1 };
        }
        return Results.Ok(ShelterView.From(state, http.User, null));
    }
}
