using System.Security.Cryptography;
using System.Text;
using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Api.Incidents;
using Dispatch.Domain;
using Dispatch.Domain.Elderly;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Reference;
using Dispatch.Projections;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Elderly;

/// <summary>A button device or app presses 一键呼叫: the device (or the person) and, when it knows one, where it is.</summary>
public sealed record OneKeyCallRequest(string? DeviceId, Guid? PersonId, string? RequestId, LocationInput? Location);

/// <summary>
/// A one-key call of a registered person becomes a priority-1 <c>elderly-help</c> incident at the reported location, else the
/// registered one, and is dispatched like every incident (<see cref="IncidentIntake"/>). The incident names the person by id
/// only: no name, phone or address goes onto it, so none reaches the feed. A device retry with the same <c>requestId</c>
/// lands on the same incident id and appends nothing.
/// </summary>
public static class OneKeyCallEndpoint
{
    public const string IncidentType = "elderly-help";
    public const string Description = "一键呼叫：重点关爱老人求助";

    public static void Configure(HttpChain chain) => chain.Metadata.Finally(b => b.RemoveStatusCodeResponse(200));

    [Authorize(Policy = Policies.OneKeyCall)]
    [WolverinePost("/one-key-calls")]
    [ProducesResponseType(typeof(IncidentDetails), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(IncidentDetails), StatusCodes.Status202Accepted)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(OneKeyCallRequest? request, HttpContext http, IDocumentStore store, IWolverineRuntime wolverine,
        DispatchSignals signals, DispatchSettings settings, ReferenceData reference, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        if ((request.DeviceId is null) == (request.PersonId is null)) errors["deviceId"] = ["give exactly one of deviceId and personId"];
        var device = request.DeviceId is null ? null : PersonRecordRules.DeviceId(request.DeviceId, "deviceId", errors);
        if (request.PersonId == Guid.Empty) errors["personId"] = ["must not be the empty GUID"];
        var requestId = RequestRules.Text(request.RequestId, 100, "requestId", errors);
        if (requestId is { Length: 0 }) errors["requestId"] = ["must not be empty; omit it instead"];
        var location = request.Location is null ? null : RequestRules.Location(request.Location, "location", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (location is { } reported && RequestRules.OutsideServiceArea(reported.Wgs84, reference, "location", http) is { } outside) return outside;

        VulnerablePersonState? person;
        await using (var query = store.QuerySession())
            person = device is not null
                ? await query.Query<VulnerablePersonState>().Where(p => p.ActiveDeviceId == device).FirstOrDefaultAsync(cancellation)
                : await query.LoadAsync<VulnerablePersonState>(request.PersonId!.Value, cancellation);
        if (person is null)
            return Problems.From(new Rejection(RejectionKind.NotFound, "not-found", device is not null
                ? $"No registered person carries device {device}." : $"Person {request.PersonId} does not exist."), http);
        if (!person.Registered)
            return Problems.From(new Rejection(RejectionKind.RuleViolation, "person-deregistered",
                $"Person {person.Id} was deregistered; a one-key call needs a registered person."), http);

        var (wgs84, given) = location ?? (person.Record.Location, person.Record.GivenLocation);
        var id = requestId is null ? Guid.CreateVersion7(clock.GetCurrentInstant().ToDateTimeOffset()) : IncidentIdFor(person.Id, requestId);
        var command = new ReportIncident(id, IncidentType, 1, wgs84, null, Description, given,
            Elderly: new ElderlyCall(person.Id, device ?? person.Record.DeviceId, requestId, location is null ? "registered" : "reported"));
        return await IncidentIntake.ReportAndDispatchAsync(command, http, store, wolverine, signals, settings, reference, clock);
    }

    /// <summary>The same person and request id always give the same incident id (a name-based UUID, version 8), so a retry finds the first call.</summary>
    public static Guid IncidentIdFor(Guid personId, string requestId)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"one-key-call\n{personId:N}\n{requestId}"))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
