using Dispatch.Api.Access;
using Dispatch.Domain.Departments;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Departments;

/// <summary>The department reports the task done, with a note; a task not yet acknowledged is a 409.</summary>
public static class CompleteDepartmentTaskEndpoint
{
    [Authorize(Policy = Policies.DepartmentWork)]
    [WolverinePost("/incidents/{id}/department-tasks/{taskId}/complete")]
    [ProducesResponseType(typeof(DepartmentTaskState), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Post(Guid id, Guid taskId, DepartmentTaskNoteRequest? request, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, IClock clock, CancellationToken cancellation) =>
        DepartmentTaskTransition.Apply(id, taskId, request, http, store, wolverine, clock, DepartmentTaskDecider.Complete, cancellation);
}
