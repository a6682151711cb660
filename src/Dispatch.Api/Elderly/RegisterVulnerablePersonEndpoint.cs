using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain;
using Dispatch.Domain.Elderly;
using Dispatch.Domain.Reference;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Elderly;

/// <summary>
/// Registers a person for care (重点关爱老人): one stream per person. A client-chosen id makes the create idempotent: the
/// same record again is answered (200), another record under that id is a 409. A one-key device belongs to one person.
/// </summary>
public static class RegisterVulnerablePersonEndpoint
{
    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/vulnerable-people")]
    [ProducesResponseType(typeof(VulnerablePersonView), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(VulnerablePersonView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(PersonRecordInput? request, HttpContext http, IDocumentStore store, IWolverineRuntime wolverine,
        ReferenceData reference, IClock clock, CancellationToken cancellation)
    {
        var (record, problem) = PersonRecordRules.Check(request, reference, http);
        if (problem is not null) return problem;
        var now = clock.GetCurrentInstant();
        var id = request!.Id ?? Guid.CreateVersion7(now.ToDateTimeOffset());

        await using var write = WriteSession.Open(store, wolverine, http);
        var session = write.Session;
        var stream = await session.Events.FetchStreamStateAsync(id, cancellation);
        var existing = await session.LoadAsync<VulnerablePersonState>(id, cancellation);
        if (stream is not null && existing is null)
            return Problems.From(new Rejection(RejectionKind.Conflict, "id-in-use", $"The id {id} is already used by another record; choose a new id."), http);
        if (await DeviceTaken(session, record!.DeviceId, id, cancellation) is { } taken) return Problems.From(taken, http);
        var decision = VulnerablePersonDecider.Register(existing, id, record, write.Caller.Actor, now);
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        if (decision.IsNoOp) return Results.Ok(VulnerablePersonView.From(existing!, http.User));

        session.Events.StartStream<VulnerablePersonState>(id, decision.Events.ToArray());
        try
        {
            await session.SaveChangesAsync(cancellation);
        }
        catch (Exception e) when (Projections.ElderlyCareStore.IsDeviceClash(e))
        {
            // Another request gave the device to someone else between our check and our commit.
            await using var query = store.QuerySession();
            return Problems.From(await DeviceTaken(query, record!.DeviceId, id, cancellation)
                ?? new Rejection(RejectionKind.Conflict, "device-in-use", $"Device {record.DeviceId} already belongs to another person."), http);
        }
        var state = VulnerablePersonState.Evolve(null, decision.Events[0])! with { Version = 1 };
        return Results.Created($"/vulnerable-people/{id}", VulnerablePersonView.From(state, http.User));
    }

    /// <summary>A device calls for one person only; the same device on another registered person is a conflict.</summary>
    public static async Task<Rejection?> DeviceTaken(IQuerySession session, string? deviceId, Guid personId, CancellationToken cancellation)
    {
        if (deviceId is null) return null;
        var holder = await session.Query<VulnerablePersonState>().Where(p => p.ActiveDeviceId == deviceId && p.Id != personId)
            .Select(p => p.Id).FirstOrDefaultAsync(cancellation);
        return holder == Guid.Empty ? null
            : new Rejection(RejectionKind.Conflict, "device-in-use", $"Device {deviceId} already belongs to person {holder}.");
    }
}
