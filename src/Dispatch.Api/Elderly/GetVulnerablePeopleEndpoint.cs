using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Elderly;
using Dispatch.Projections;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Elderly;

/// <summary>The care registry: everyone on it (deregistered people too, with <c>?status=registered</c> only the registered), or one person.</summary>
public static class GetVulnerablePeopleEndpoint
{
    /// <param name="status"><c>registered</c>, <c>deregistered</c> or <c>all</c> (default).</param>
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/vulnerable-people")]
    [ProducesResponseType(typeof(IReadOnlyList<VulnerablePersonView>), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> GetAll(string? status, HttpContext http, IQuerySession session, CancellationToken cancellation)
    {
        if (status is not (null or "all" or "registered" or "deregistered"))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["must be registered, deregistered or all"] },
                instance: http.Request.Path);
        var people = await session.Query<VulnerablePersonState>().ToListAsync(cancellation);
        var names = await ShelterNames(session, cancellation);
        return Results.Ok(people
            .Where(p => status is null or "all" || (status == "registered") == p.Registered)
            .OrderBy(p => p.RegisteredAt).ThenBy(p => p.Id)
            .Select(p => VulnerablePersonView.From(p, http.User, names)).ToList());
    }

    /// <summary>A field unit reads only the person of a one-key call its unit was sent to; any other id, real or not, is the same 403.</summary>
    [Authorize(Policy = Policies.ReadAlsoAsUnit)]
    [WolverineGet("/vulnerable-people/{id}")]
    [ProducesResponseType(typeof(VulnerablePersonView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, HttpContext http, IQuerySession session, CancellationToken cancellation)
    {
        if (!UnitScope.IsReader(http.User))
        {
            var own = UnitScope.OwnUnits(http.User);
            var calls = await session.Query<IncidentDetails>().Where(d => d.Elderly != null && d.Elderly.PersonId == id).ToListAsync(cancellation);
            if (!calls.Any(c => c.Responders.Any(r => own.Contains(r.UnitId)))) return AccessProblems.Forbidden();
        }
        return await session.LoadAsync<VulnerablePersonState>(id, cancellation) is { } person
            ? Results.Ok(VulnerablePersonView.From(person, http.User, await ShelterNames(session, cancellation)))
            : Problems.NotFound($"Person {id}", http);
    }

    public static async Task<IReadOnlyDictionary<Guid, string>> ShelterNames(IQuerySession session, CancellationToken cancellation) =>
        (await session.Query<ShelterState>().ToListAsync(cancellation)).ToDictionary(s => s.Id, s => s.Site.Name);
}
