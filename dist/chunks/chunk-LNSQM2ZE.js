import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  PollTimeoutError,
  TARGET_KINDS,
  endProcess,
  isRunning,
  isStopped,
  lastLines,
  makeDirs,
  memberAddress,
  memberPkiPaths,
  pkiPaths,
  placeOnAddress,
  pollUntil,
  recordedKind,
  relocatedMember,
  shellQuote,
  signalProcess,
  stateFilePath,
  withPeerProxies,
  writeFileNoFollow
} from "./chunk-HODSRNDK.js";
import {
  ConfigurationError,
  errorMessage
} from "./chunk-BUAAGYJK.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-TQLHPLPM.js";

// node_modules/yaml/dist/nodes/identity.js
var require_identity = __commonJS({
  "node_modules/yaml/dist/nodes/identity.js"(exports) {
    "use strict";
    var ALIAS = /* @__PURE__ */ Symbol.for("yaml.alias");
    var DOC = /* @__PURE__ */ Symbol.for("yaml.document");
    var MAP = /* @__PURE__ */ Symbol.for("yaml.map");
    var PAIR = /* @__PURE__ */ Symbol.for("yaml.pair");
    var SCALAR = /* @__PURE__ */ Symbol.for("yaml.scalar");
    var SEQ = /* @__PURE__ */ Symbol.for("yaml.seq");
    var NODE_TYPE = /* @__PURE__ */ Symbol.for("yaml.node.type");
    var isAlias = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === ALIAS;
    var isDocument = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === DOC;
    var isMap = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === MAP;
    var isPair = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === PAIR;
    var isScalar = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SCALAR;
    var isSeq = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SEQ;
    function isCollection(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case MAP:
          case SEQ:
            return true;
        }
      return false;
    }
    function isNode(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case ALIAS:
          case MAP:
          case SCALAR:
          case SEQ:
            return true;
        }
      return false;
    }
    var hasAnchor = (node) => (isScalar(node) || isCollection(node)) && !!node.anchor;
    exports.ALIAS = ALIAS;
    exports.DOC = DOC;
    exports.MAP = MAP;
    exports.NODE_TYPE = NODE_TYPE;
    exports.PAIR = PAIR;
    exports.SCALAR = SCALAR;
    exports.SEQ = SEQ;
    exports.hasAnchor = hasAnchor;
    exports.isAlias = isAlias;
    exports.isCollection = isCollection;
    exports.isDocument = isDocument;
    exports.isMap = isMap;
    exports.isNode = isNode;
    exports.isPair = isPair;
    exports.isScalar = isScalar;
    exports.isSeq = isSeq;
  }
});

// node_modules/yaml/dist/visit.js
var require_visit = __commonJS({
  "node_modules/yaml/dist/visit.js"(exports) {
    "use strict";
    var identity = require_identity();
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove node");
    function visit(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        visit_(null, node, visitor_, Object.freeze([]));
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    function visit_(key, node, visitor, path8) {
      const ctrl = callVisitor(key, node, visitor, path8);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path8, ctrl);
        return visit_(key, ctrl, visitor, path8);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path8 = Object.freeze(path8.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = visit_(i, node.items[i], visitor, path8);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path8 = Object.freeze(path8.concat(node));
          const ck = visit_("key", node.key, visitor, path8);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = visit_("value", node.value, visitor, path8);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    async function visitAsync(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
    }
    visitAsync.BREAK = BREAK;
    visitAsync.SKIP = SKIP;
    visitAsync.REMOVE = REMOVE;
    async function visitAsync_(key, node, visitor, path8) {
      const ctrl = await callVisitor(key, node, visitor, path8);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path8, ctrl);
        return visitAsync_(key, ctrl, visitor, path8);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path8 = Object.freeze(path8.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = await visitAsync_(i, node.items[i], visitor, path8);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path8 = Object.freeze(path8.concat(node));
          const ck = await visitAsync_("key", node.key, visitor, path8);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = await visitAsync_("value", node.value, visitor, path8);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    function initVisitor(visitor) {
      if (typeof visitor === "object" && (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
          Alias: visitor.Node,
          Map: visitor.Node,
          Scalar: visitor.Node,
          Seq: visitor.Node
        }, visitor.Value && {
          Map: visitor.Value,
          Scalar: visitor.Value,
          Seq: visitor.Value
        }, visitor.Collection && {
          Map: visitor.Collection,
          Seq: visitor.Collection
        }, visitor);
      }
      return visitor;
    }
    function callVisitor(key, node, visitor, path8) {
      if (typeof visitor === "function")
        return visitor(key, node, path8);
      if (identity.isMap(node))
        return visitor.Map?.(key, node, path8);
      if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path8);
      if (identity.isPair(node))
        return visitor.Pair?.(key, node, path8);
      if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path8);
      if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path8);
      return void 0;
    }
    function replaceNode(key, path8, node) {
      const parent = path8[path8.length - 1];
      if (identity.isCollection(parent)) {
        parent.items[key] = node;
      } else if (identity.isPair(parent)) {
        if (key === "key")
          parent.key = node;
        else
          parent.value = node;
      } else if (identity.isDocument(parent)) {
        parent.contents = node;
      } else {
        const pt = identity.isAlias(parent) ? "alias" : "scalar";
        throw new Error(`Cannot replace node with ${pt} parent`);
      }
    }
    exports.visit = visit;
    exports.visitAsync = visitAsync;
  }
});

// node_modules/yaml/dist/doc/directives.js
var require_directives = __commonJS({
  "node_modules/yaml/dist/doc/directives.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    var escapeChars = {
      "!": "%21",
      ",": "%2C",
      "[": "%5B",
      "]": "%5D",
      "{": "%7B",
      "}": "%7D"
    };
    var escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, (ch) => escapeChars[ch]);
    var Directives = class _Directives {
      constructor(yaml, tags) {
        this.docStart = null;
        this.docEnd = false;
        this.yaml = Object.assign({}, _Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, _Directives.defaultTags, tags);
      }
      clone() {
        const copy = new _Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
      }
      /**
       * During parsing, get a Directives instance for the current document and
       * update the stream state according to the current version's spec.
       */
      atDocument() {
        const res = new _Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
          case "1.1":
            this.atNextDocument = true;
            break;
          case "1.2":
            this.atNextDocument = false;
            this.yaml = {
              explicit: _Directives.defaultYaml.explicit,
              version: "1.2"
            };
            this.tags = Object.assign({}, _Directives.defaultTags);
            break;
        }
        return res;
      }
      /**
       * @param onError - May be called even if the action was successful
       * @returns `true` on success
       */
      add(line, onError) {
        if (this.atNextDocument) {
          this.yaml = { explicit: _Directives.defaultYaml.explicit, version: "1.1" };
          this.tags = Object.assign({}, _Directives.defaultTags);
          this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
          case "%TAG": {
            if (parts.length !== 2) {
              onError(0, "%TAG directive should contain exactly two parts");
              if (parts.length < 2)
                return false;
            }
            const [handle, prefix] = parts;
            this.tags[handle] = prefix;
            return true;
          }
          case "%YAML": {
            this.yaml.explicit = true;
            if (parts.length !== 1) {
              onError(0, "%YAML directive should contain exactly one part");
              return false;
            }
            const [version] = parts;
            if (version === "1.1" || version === "1.2") {
              this.yaml.version = version;
              return true;
            } else {
              const isValid = /^\d+\.\d+$/.test(version);
              onError(6, `Unsupported YAML version ${version}`, isValid);
              return false;
            }
          }
          default:
            onError(0, `Unknown directive ${name}`, true);
            return false;
        }
      }
      /**
       * Resolves a tag, matching handles to those defined in %TAG directives.
       *
       * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
       *   `'!local'` tag, or `null` if unresolvable.
       */
      tagName(source, onError) {
        if (source === "!")
          return "!";
        if (source[0] !== "!") {
          onError(`Not a valid tag: ${source}`);
          return null;
        }
        if (source[1] === "<") {
          const verbatim = source.slice(2, -1);
          if (verbatim === "!" || verbatim === "!!") {
            onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
            return null;
          }
          if (source[source.length - 1] !== ">")
            onError("Verbatim tags must end with a >");
          return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
          onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
          try {
            return prefix + decodeURIComponent(suffix);
          } catch (error) {
            onError(String(error));
            return null;
          }
        }
        if (handle === "!")
          return source;
        onError(`Could not resolve tag: ${source}`);
        return null;
      }
      /**
       * Given a fully resolved tag, returns its printable string form,
       * taking into account current tag prefixes and defaults.
       */
      tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
          if (tag.startsWith(prefix))
            return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === "!" ? tag : `!<${tag}>`;
      }
      toString(doc) {
        const lines = this.yaml.explicit ? [`%YAML ${this.yaml.version || "1.2"}`] : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
          const tags = {};
          visit.visit(doc.contents, (_key, node) => {
            if (identity.isNode(node) && node.tag)
              tags[node.tag] = true;
          });
          tagNames = Object.keys(tags);
        } else
          tagNames = [];
        for (const [handle, prefix] of tagEntries) {
          if (handle === "!!" && prefix === "tag:yaml.org,2002:")
            continue;
          if (!doc || tagNames.some((tn) => tn.startsWith(prefix)))
            lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join("\n");
      }
    };
    Directives.defaultYaml = { explicit: false, version: "1.2" };
    Directives.defaultTags = { "!!": "tag:yaml.org,2002:" };
    exports.Directives = Directives;
  }
});

// node_modules/yaml/dist/doc/anchors.js
var require_anchors = __commonJS({
  "node_modules/yaml/dist/doc/anchors.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    function anchorIsValid(anchor) {
      if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
      }
      return true;
    }
    function anchorNames(root) {
      const anchors = /* @__PURE__ */ new Set();
      visit.visit(root, {
        Value(_key, node) {
          if (node.anchor)
            anchors.add(node.anchor);
        }
      });
      return anchors;
    }
    function findNewAnchor(prefix, exclude) {
      for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
          return name;
      }
    }
    function createNodeAnchors(doc, prefix) {
      const aliasObjects = [];
      const sourceObjects = /* @__PURE__ */ new Map();
      let prevAnchors = null;
      return {
        onAnchor: (source) => {
          aliasObjects.push(source);
          prevAnchors ?? (prevAnchors = anchorNames(doc));
          const anchor = findNewAnchor(prefix, prevAnchors);
          prevAnchors.add(anchor);
          return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
          for (const source of aliasObjects) {
            const ref = sourceObjects.get(source);
            if (typeof ref === "object" && ref.anchor && (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
              ref.node.anchor = ref.anchor;
            } else {
              const error = new Error("Failed to resolve repeated object (this should not happen)");
              error.source = source;
              throw error;
            }
          }
        },
        sourceObjects
      };
    }
    exports.anchorIsValid = anchorIsValid;
    exports.anchorNames = anchorNames;
    exports.createNodeAnchors = createNodeAnchors;
    exports.findNewAnchor = findNewAnchor;
  }
});

// node_modules/yaml/dist/doc/applyReviver.js
var require_applyReviver = __commonJS({
  "node_modules/yaml/dist/doc/applyReviver.js"(exports) {
    "use strict";
    function applyReviver(reviver, obj, key, val) {
      if (val && typeof val === "object") {
        if (Array.isArray(val)) {
          for (let i = 0, len = val.length; i < len; ++i) {
            const v0 = val[i];
            const v1 = applyReviver(reviver, val, String(i), v0);
            if (v1 === void 0)
              delete val[i];
            else if (v1 !== v0)
              val[i] = v1;
          }
        } else if (val instanceof Map) {
          for (const k of Array.from(val.keys())) {
            const v0 = val.get(k);
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              val.delete(k);
            else if (v1 !== v0)
              val.set(k, v1);
          }
        } else if (val instanceof Set) {
          for (const v0 of Array.from(val)) {
            const v1 = applyReviver(reviver, val, v0, v0);
            if (v1 === void 0)
              val.delete(v0);
            else if (v1 !== v0) {
              val.delete(v0);
              val.add(v1);
            }
          }
        } else {
          for (const [k, v0] of Object.entries(val)) {
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              delete val[k];
            else if (v1 !== v0)
              val[k] = v1;
          }
        }
      }
      return reviver.call(obj, key, val);
    }
    exports.applyReviver = applyReviver;
  }
});

// node_modules/yaml/dist/nodes/toJS.js
var require_toJS = __commonJS({
  "node_modules/yaml/dist/nodes/toJS.js"(exports) {
    "use strict";
    var identity = require_identity();
    function toJS(value, arg, ctx) {
      if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
      if (value && typeof value.toJSON === "function") {
        if (!ctx || !identity.hasAnchor(value))
          return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: void 0 };
        ctx.anchors.set(value, data);
        ctx.onCreate = (res2) => {
          data.res = res2;
          delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
          ctx.onCreate(res);
        return res;
      }
      if (typeof value === "bigint" && !ctx?.keep)
        return Number(value);
      return value;
    }
    exports.toJS = toJS;
  }
});

// node_modules/yaml/dist/nodes/Node.js
var require_Node = __commonJS({
  "node_modules/yaml/dist/nodes/Node.js"(exports) {
    "use strict";
    var applyReviver = require_applyReviver();
    var identity = require_identity();
    var toJS = require_toJS();
    var NodeBase = class {
      constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
      }
      /** Create a copy of this node.  */
      clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** A plain JavaScript representation of this node. */
      toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
          throw new TypeError("A document argument is required");
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc,
          keep: true,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
    };
    exports.NodeBase = NodeBase;
  }
});

// node_modules/yaml/dist/nodes/Alias.js
var require_Alias = __commonJS({
  "node_modules/yaml/dist/nodes/Alias.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var visit = require_visit();
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var Alias = class extends Node.NodeBase {
      constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, "tag", {
          set() {
            throw new Error("Alias nodes cannot have tags");
          }
        });
      }
      /**
       * Resolve the value of this alias within `doc`, finding the last
       * instance of the `source` anchor before this node.
       */
      resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
          throw new ReferenceError("Alias resolution is disabled");
        let nodes;
        if (ctx?.aliasResolveCache) {
          nodes = ctx.aliasResolveCache;
        } else {
          nodes = [];
          visit.visit(doc, {
            Node: (_key, node) => {
              if (identity.isAlias(node) || identity.hasAnchor(node))
                nodes.push(node);
            }
          });
          if (ctx)
            ctx.aliasResolveCache = nodes;
        }
        let found = void 0;
        for (const node of nodes) {
          if (node === this)
            break;
          if (node.anchor === this.source)
            found = node;
        }
        if (found && ctx) {
          const { anchors: anchors2, doc: doc2, maxAliasCount } = ctx;
          let data = anchors2.get(found);
          if (!data) {
            toJS.toJS(found, null, ctx);
            data = anchors2.get(found);
          }
          if (data?.res === void 0) {
            const msg = "This should not happen: Alias anchor was not resolved?";
            throw new ReferenceError(msg);
          }
          if (maxAliasCount >= 0) {
            data.count += 1;
            if (data.aliasCount === 0)
              data.aliasCount = getAliasCount(doc2, found, anchors2);
            if (data.count * data.aliasCount > maxAliasCount) {
              const msg = "Excessive alias count indicates a resource exhaustion attack";
              throw new ReferenceError(msg);
            }
          }
        }
        return found;
      }
      toJSON(_arg, ctx) {
        if (!ctx)
          return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
          const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
          throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
      }
      toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
          anchors.anchorIsValid(this.source);
          if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new Error(msg);
          }
          if (ctx.implicitKey)
            return `${src} `;
        }
        return src;
      }
    };
    function getAliasCount(doc, node, anchors2) {
      if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors2 && source && anchors2.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
      } else if (identity.isCollection(node)) {
        let count = 0;
        for (const item of node.items) {
          const c = getAliasCount(doc, item, anchors2);
          if (c > count)
            count = c;
        }
        return count;
      } else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors2);
        const vc = getAliasCount(doc, node.value, anchors2);
        return Math.max(kc, vc);
      }
      return 1;
    }
    exports.Alias = Alias;
  }
});

// node_modules/yaml/dist/nodes/Scalar.js
var require_Scalar = __commonJS({
  "node_modules/yaml/dist/nodes/Scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var isScalarValue = (value) => !value || typeof value !== "function" && typeof value !== "object";
    var Scalar = class extends Node.NodeBase {
      constructor(value) {
        super(identity.SCALAR);
        this.value = value;
      }
      toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
      }
      toString() {
        return String(this.value);
      }
    };
    Scalar.BLOCK_FOLDED = "BLOCK_FOLDED";
    Scalar.BLOCK_LITERAL = "BLOCK_LITERAL";
    Scalar.PLAIN = "PLAIN";
    Scalar.QUOTE_DOUBLE = "QUOTE_DOUBLE";
    Scalar.QUOTE_SINGLE = "QUOTE_SINGLE";
    exports.Scalar = Scalar;
    exports.isScalarValue = isScalarValue;
  }
});

// node_modules/yaml/dist/doc/createNode.js
var require_createNode = __commonJS({
  "node_modules/yaml/dist/doc/createNode.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var defaultTagPrefix = "tag:yaml.org,2002:";
    function findTagObject(value, tagName, tags) {
      if (tagName) {
        const match = tags.filter((t) => t.tag === tagName);
        const tagObj = match.find((t) => !t.format) ?? match[0];
        if (!tagObj)
          throw new Error(`Tag ${tagName} not found`);
        return tagObj;
      }
      return tags.find((t) => t.identify?.(value) && !t.format);
    }
    function createNode(value, tagName, ctx) {
      if (identity.isDocument(value))
        value = value.contents;
      if (identity.isNode(value))
        return value;
      if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
      }
      if (value instanceof String || value instanceof Number || value instanceof Boolean || typeof BigInt !== "undefined" && value instanceof BigInt) {
        value = value.valueOf();
      }
      const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
      let ref = void 0;
      if (aliasDuplicateObjects && value && typeof value === "object") {
        ref = sourceObjects.get(value);
        if (ref) {
          ref.anchor ?? (ref.anchor = onAnchor(value));
          return new Alias.Alias(ref.anchor);
        } else {
          ref = { anchor: null, node: null };
          sourceObjects.set(value, ref);
        }
      }
      if (tagName?.startsWith("!!"))
        tagName = defaultTagPrefix + tagName.slice(2);
      let tagObj = findTagObject(value, tagName, schema.tags);
      if (!tagObj) {
        if (value && typeof value.toJSON === "function") {
          value = value.toJSON();
        }
        if (!value || typeof value !== "object") {
          const node2 = new Scalar.Scalar(value);
          if (ref)
            ref.node = node2;
          return node2;
        }
        tagObj = value instanceof Map ? schema[identity.MAP] : Symbol.iterator in Object(value) ? schema[identity.SEQ] : schema[identity.MAP];
      }
      if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
      }
      const node = tagObj?.createNode ? tagObj.createNode(ctx.schema, value, ctx) : typeof tagObj?.nodeClass?.from === "function" ? tagObj.nodeClass.from(ctx.schema, value, ctx) : new Scalar.Scalar(value);
      if (tagName)
        node.tag = tagName;
      else if (!tagObj.default)
        node.tag = tagObj.tag;
      if (ref)
        ref.node = node;
      return node;
    }
    exports.createNode = createNode;
  }
});

// node_modules/yaml/dist/nodes/Collection.js
var require_Collection = __commonJS({
  "node_modules/yaml/dist/nodes/Collection.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var identity = require_identity();
    var Node = require_Node();
    function collectionFromPath(schema, path8, value) {
      let v = value;
      for (let i = path8.length - 1; i >= 0; --i) {
        const k = path8[i];
        if (typeof k === "number" && Number.isInteger(k) && k >= 0) {
          const a = [];
          a[k] = v;
          v = a;
        } else {
          v = /* @__PURE__ */ new Map([[k, v]]);
        }
      }
      return createNode.createNode(v, void 0, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
          throw new Error("This should not happen, please report a bug.");
        },
        schema,
        sourceObjects: /* @__PURE__ */ new Map()
      });
    }
    var isEmptyPath = (path8) => path8 == null || typeof path8 === "object" && !!path8[Symbol.iterator]().next().done;
    var Collection = class extends Node.NodeBase {
      constructor(type, schema) {
        super(type);
        Object.defineProperty(this, "schema", {
          value: schema,
          configurable: true,
          enumerable: false,
          writable: true
        });
      }
      /**
       * Create a copy of this collection.
       *
       * @param schema - If defined, overwrites the original's schema
       */
      clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
          copy.schema = schema;
        copy.items = copy.items.map((it) => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /**
       * Adds a value to the collection. For `!!map` and `!!omap` the value must
       * be a Pair instance or a `{ key, value }` object, which may not have a key
       * that already exists in the map.
       */
      addIn(path8, value) {
        if (isEmptyPath(path8))
          this.add(value);
        else {
          const [key, ...rest] = path8;
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.addIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
      /**
       * Removes a value from the collection.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path8) {
        const [key, ...rest] = path8;
        if (rest.length === 0)
          return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
          return node.deleteIn(rest);
        else
          throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path8, keepScalar) {
        const [key, ...rest] = path8;
        const node = this.get(key, true);
        if (rest.length === 0)
          return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
          return identity.isCollection(node) ? node.getIn(rest, keepScalar) : void 0;
      }
      hasAllNullValues(allowScalar) {
        return this.items.every((node) => {
          if (!identity.isPair(node))
            return false;
          const n = node.value;
          return n == null || allowScalar && identity.isScalar(n) && n.value == null && !n.commentBefore && !n.comment && !n.tag;
        });
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       */
      hasIn(path8) {
        const [key, ...rest] = path8;
        if (rest.length === 0)
          return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path8, value) {
        const [key, ...rest] = path8;
        if (rest.length === 0) {
          this.set(key, value);
        } else {
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.setIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
    };
    exports.Collection = Collection;
    exports.collectionFromPath = collectionFromPath;
    exports.isEmptyPath = isEmptyPath;
  }
});

// node_modules/yaml/dist/stringify/stringifyComment.js
var require_stringifyComment = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyComment.js"(exports) {
    "use strict";
    var stringifyComment = (str) => str.replace(/^(?!$)(?: $)?/gm, "#");
    function indentComment(comment, indent) {
      if (/^\n+$/.test(comment))
        return comment.substring(1);
      return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
    }
    var lineComment = (str, indent, comment) => str.endsWith("\n") ? indentComment(comment, indent) : comment.includes("\n") ? "\n" + indentComment(comment, indent) : (str.endsWith(" ") ? "" : " ") + comment;
    exports.indentComment = indentComment;
    exports.lineComment = lineComment;
    exports.stringifyComment = stringifyComment;
  }
});

// node_modules/yaml/dist/stringify/foldFlowLines.js
var require_foldFlowLines = __commonJS({
  "node_modules/yaml/dist/stringify/foldFlowLines.js"(exports) {
    "use strict";
    var FOLD_FLOW = "flow";
    var FOLD_BLOCK = "block";
    var FOLD_QUOTED = "quoted";
    function foldFlowLines(text, indent, mode = "flow", { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
      if (!lineWidth || lineWidth < 0)
        return text;
      if (lineWidth < minContentWidth)
        minContentWidth = 0;
      const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
      if (text.length <= endStep)
        return text;
      const folds = [];
      const escapedFolds = {};
      let end = lineWidth - indent.length;
      if (typeof indentAtStart === "number") {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
          folds.push(0);
        else
          end = lineWidth - indentAtStart;
      }
      let split = void 0;
      let prev = void 0;
      let overflow = false;
      let i = -1;
      let escStart = -1;
      let escEnd = -1;
      if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text, i, indent.length);
        if (i !== -1)
          end = i + endStep;
      }
      for (let ch; ch = text[i += 1]; ) {
        if (mode === FOLD_QUOTED && ch === "\\") {
          escStart = i;
          switch (text[i + 1]) {
            case "x":
              i += 3;
              break;
            case "u":
              i += 5;
              break;
            case "U":
              i += 9;
              break;
            default:
              i += 1;
          }
          escEnd = i;
        }
        if (ch === "\n") {
          if (mode === FOLD_BLOCK)
            i = consumeMoreIndentedLines(text, i, indent.length);
          end = i + indent.length + endStep;
          split = void 0;
        } else {
          if (ch === " " && prev && prev !== " " && prev !== "\n" && prev !== "	") {
            const next = text[i + 1];
            if (next && next !== " " && next !== "\n" && next !== "	")
              split = i;
          }
          if (i >= end) {
            if (split) {
              folds.push(split);
              end = split + endStep;
              split = void 0;
            } else if (mode === FOLD_QUOTED) {
              while (prev === " " || prev === "	") {
                prev = ch;
                ch = text[i += 1];
                overflow = true;
              }
              const j = i > escEnd + 1 ? i - 2 : escStart - 1;
              if (escapedFolds[j])
                return text;
              folds.push(j);
              escapedFolds[j] = true;
              end = j + endStep;
              split = void 0;
            } else {
              overflow = true;
            }
          }
        }
        prev = ch;
      }
      if (overflow && onOverflow)
        onOverflow();
      if (folds.length === 0)
        return text;
      if (onFold)
        onFold();
      let res = text.slice(0, folds[0]);
      for (let i2 = 0; i2 < folds.length; ++i2) {
        const fold = folds[i2];
        const end2 = folds[i2 + 1] || text.length;
        if (fold === 0)
          res = `
${indent}${text.slice(0, end2)}`;
        else {
          if (mode === FOLD_QUOTED && escapedFolds[fold])
            res += `${text[fold]}\\`;
          res += `
${indent}${text.slice(fold + 1, end2)}`;
        }
      }
      return res;
    }
    function consumeMoreIndentedLines(text, i, indent) {
      let end = i;
      let start = i + 1;
      let ch = text[start];
      while (ch === " " || ch === "	") {
        if (i < start + indent) {
          ch = text[++i];
        } else {
          do {
            ch = text[++i];
          } while (ch && ch !== "\n");
          end = i;
          start = i + 1;
          ch = text[start];
        }
      }
      return end;
    }
    exports.FOLD_BLOCK = FOLD_BLOCK;
    exports.FOLD_FLOW = FOLD_FLOW;
    exports.FOLD_QUOTED = FOLD_QUOTED;
    exports.foldFlowLines = foldFlowLines;
  }
});

// node_modules/yaml/dist/stringify/stringifyString.js
var require_stringifyString = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyString.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var foldFlowLines = require_foldFlowLines();
    var getFoldOptions = (ctx, isBlock) => ({
      indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
      lineWidth: ctx.options.lineWidth,
      minContentWidth: ctx.options.minContentWidth
    });
    var containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
    function lineLengthOverLimit(str, lineWidth, indentLength) {
      if (!lineWidth || lineWidth < 0)
        return false;
      const limit = lineWidth - indentLength;
      const strLen = str.length;
      if (strLen <= limit)
        return false;
      for (let i = 0, start = 0; i < strLen; ++i) {
        if (str[i] === "\n") {
          if (i - start > limit)
            return true;
          start = i + 1;
          if (strLen - start <= limit)
            return false;
        }
      }
      return true;
    }
    function doubleQuotedString(value, ctx) {
      const json = JSON.stringify(value);
      if (ctx.options.doubleQuotedAsJSON)
        return json;
      const { implicitKey } = ctx;
      const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      let str = "";
      let start = 0;
      for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === " " && json[i + 1] === "\\" && json[i + 2] === "n") {
          str += json.slice(start, i) + "\\ ";
          i += 1;
          start = i;
          ch = "\\";
        }
        if (ch === "\\")
          switch (json[i + 1]) {
            case "u":
              {
                str += json.slice(start, i);
                const code = json.substr(i + 2, 4);
                switch (code) {
                  case "0000":
                    str += "\\0";
                    break;
                  case "0007":
                    str += "\\a";
                    break;
                  case "000b":
                    str += "\\v";
                    break;
                  case "001b":
                    str += "\\e";
                    break;
                  case "0085":
                    str += "\\N";
                    break;
                  case "00a0":
                    str += "\\_";
                    break;
                  case "2028":
                    str += "\\L";
                    break;
                  case "2029":
                    str += "\\P";
                    break;
                  default:
                    if (code.substr(0, 2) === "00")
                      str += "\\x" + code.substr(2);
                    else
                      str += json.substr(i, 6);
                }
                i += 5;
                start = i + 1;
              }
              break;
            case "n":
              if (implicitKey || json[i + 2] === '"' || json.length < minMultiLineLength) {
                i += 1;
              } else {
                str += json.slice(start, i) + "\n\n";
                while (json[i + 2] === "\\" && json[i + 3] === "n" && json[i + 4] !== '"') {
                  str += "\n";
                  i += 2;
                }
                str += indent;
                if (json[i + 2] === " ")
                  str += "\\";
                i += 1;
                start = i + 1;
              }
              break;
            default:
              i += 1;
          }
      }
      str = start ? str + json.slice(start) : json;
      return implicitKey ? str : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
    }
    function singleQuotedString(value, ctx) {
      if (ctx.options.singleQuote === false || ctx.implicitKey && value.includes("\n") || /[ \t]\n|\n[ \t]/.test(value))
        return doubleQuotedString(value, ctx);
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&
${indent}`) + "'";
      return ctx.implicitKey ? res : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function quotedString(value, ctx) {
      const { singleQuote } = ctx.options;
      let qs;
      if (singleQuote === false)
        qs = doubleQuotedString;
      else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
          qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
          qs = doubleQuotedString;
        else
          qs = singleQuote ? singleQuotedString : doubleQuotedString;
      }
      return qs(value, ctx);
    }
    var blockEndNewlines;
    try {
      blockEndNewlines = new RegExp("(^|(?<!\n))\n+(?!\n|$)", "g");
    } catch {
      blockEndNewlines = /\n+(?!\n|$)/g;
    }
    function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
      const { blockQuote, commentString, lineWidth } = ctx.options;
      if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
      }
      const indent = ctx.indent || (ctx.forceBlockIndent || containsDocumentMarker(value) ? "  " : "");
      const literal = blockQuote === "literal" ? true : blockQuote === "folded" || type === Scalar.Scalar.BLOCK_FOLDED ? false : type === Scalar.Scalar.BLOCK_LITERAL ? true : !lineLengthOverLimit(value, lineWidth, indent.length);
      if (!value)
        return literal ? "|\n" : ">\n";
      let chomp;
      let endStart;
      for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== "\n" && ch !== "	" && ch !== " ")
          break;
      }
      let end = value.substring(endStart);
      const endNlPos = end.indexOf("\n");
      if (endNlPos === -1) {
        chomp = "-";
      } else if (value === end || endNlPos !== end.length - 1) {
        chomp = "+";
        if (onChompKeep)
          onChompKeep();
      } else {
        chomp = "";
      }
      if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === "\n")
          end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
      }
      let startWithSpace = false;
      let startEnd;
      let startNlPos = -1;
      for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === " ")
          startWithSpace = true;
        else if (ch === "\n")
          startNlPos = startEnd;
        else
          break;
      }
      let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
      if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
      }
      const indentSize = indent ? "2" : "1";
      let header = (startWithSpace ? indentSize : "") + chomp;
      if (comment) {
        header += " " + commentString(comment.replace(/ ?[\r\n]+/g, " "));
        if (onComment)
          onComment();
      }
      if (!literal) {
        const foldedValue = value.replace(/\n+/g, "\n$&").replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, "$1$2").replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== "folded" && type !== Scalar.Scalar.BLOCK_FOLDED) {
          foldOptions.onOverflow = () => {
            literalFallback = true;
          };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
          return `>${header}
${indent}${body}`;
      }
      value = value.replace(/\n+/g, `$&${indent}`);
      return `|${header}
${indent}${start}${value}${end}`;
    }
    function plainString(item, ctx, onComment, onChompKeep) {
      const { type, value } = item;
      const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
      if (implicitKey && value.includes("\n") || inFlow && /[[\]{},]/.test(value)) {
        return quotedString(value, ctx);
      }
      if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        return implicitKey || inFlow || !value.includes("\n") ? quotedString(value, ctx) : blockString(item, ctx, onComment, onChompKeep);
      }
      if (!implicitKey && !inFlow && type !== Scalar.Scalar.PLAIN && value.includes("\n")) {
        return blockString(item, ctx, onComment, onChompKeep);
      }
      if (containsDocumentMarker(value)) {
        if (indent === "") {
          ctx.forceBlockIndent = true;
          return blockString(item, ctx, onComment, onChompKeep);
        } else if (implicitKey && indent === indentStep) {
          return quotedString(value, ctx);
        }
      }
      const str = value.replace(/\n+/g, `$&
${indent}`);
      if (actualString) {
        const test = (tag) => tag.default && tag.tag !== "tag:yaml.org,2002:str" && tag.test?.test(str);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
          return quotedString(value, ctx);
      }
      return implicitKey ? str : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function stringifyString(item, ctx, onComment, onChompKeep) {
      const { implicitKey, inFlow } = ctx;
      const ss = typeof item.value === "string" ? item : Object.assign({}, item, { value: String(item.value) });
      let { type } = item;
      if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
          type = Scalar.Scalar.QUOTE_DOUBLE;
      }
      const _stringify = (_type) => {
        switch (_type) {
          case Scalar.Scalar.BLOCK_FOLDED:
          case Scalar.Scalar.BLOCK_LITERAL:
            return implicitKey || inFlow ? quotedString(ss.value, ctx) : blockString(ss, ctx, onComment, onChompKeep);
          case Scalar.Scalar.QUOTE_DOUBLE:
            return doubleQuotedString(ss.value, ctx);
          case Scalar.Scalar.QUOTE_SINGLE:
            return singleQuotedString(ss.value, ctx);
          case Scalar.Scalar.PLAIN:
            return plainString(ss, ctx, onComment, onChompKeep);
          default:
            return null;
        }
      };
      let res = _stringify(type);
      if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = implicitKey && defaultKeyType || defaultStringType;
        res = _stringify(t);
        if (res === null)
          throw new Error(`Unsupported default string type ${t}`);
      }
      return res;
    }
    exports.stringifyString = stringifyString;
  }
});

// node_modules/yaml/dist/stringify/stringify.js
var require_stringify = __commonJS({
  "node_modules/yaml/dist/stringify/stringify.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var identity = require_identity();
    var stringifyComment = require_stringifyComment();
    var stringifyString = require_stringifyString();
    function createStringifyContext(doc, options) {
      const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: "PLAIN",
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: "false",
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: "null",
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: "true",
        verifyAliasOrder: true
      }, doc.schema.toStringOptions, options);
      let inFlow;
      switch (opt.collectionStyle) {
        case "block":
          inFlow = false;
          break;
        case "flow":
          inFlow = true;
          break;
        default:
          inFlow = null;
      }
      return {
        anchors: /* @__PURE__ */ new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? " " : "",
        indent: "",
        indentStep: typeof opt.indent === "number" ? " ".repeat(opt.indent) : "  ",
        inFlow,
        options: opt
      };
    }
    function getTagObject(tags, item) {
      if (item.tag) {
        const match = tags.filter((t) => t.tag === item.tag);
        if (match.length > 0)
          return match.find((t) => t.format === item.format) ?? match[0];
      }
      let tagObj = void 0;
      let obj;
      if (identity.isScalar(item)) {
        obj = item.value;
        let match = tags.filter((t) => t.identify?.(obj));
        if (match.length > 1) {
          const testMatch = match.filter((t) => t.test);
          if (testMatch.length > 0)
            match = testMatch;
        }
        tagObj = match.find((t) => t.format === item.format) ?? match.find((t) => !t.format);
      } else {
        obj = item;
        tagObj = tags.find((t) => t.nodeClass && obj instanceof t.nodeClass);
      }
      if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? "null" : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
      }
      return tagObj;
    }
    function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
      if (!doc.directives)
        return "";
      const props = [];
      const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
      if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
      }
      const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
      if (tag)
        props.push(doc.directives.tagString(tag));
      return props.join(" ");
    }
    function stringify2(item, ctx, onComment, onChompKeep) {
      if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
      if (identity.isAlias(item)) {
        if (ctx.doc.directives)
          return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
          throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        } else {
          if (ctx.resolvedAliases)
            ctx.resolvedAliases.add(item);
          else
            ctx.resolvedAliases = /* @__PURE__ */ new Set([item]);
          item = item.resolve(ctx.doc);
        }
      }
      let tagObj = void 0;
      const node = identity.isNode(item) ? item : ctx.doc.createNode(item, { onTagObj: (o) => tagObj = o });
      tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
      const props = stringifyProps(node, tagObj, ctx);
      if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
      const str = typeof tagObj.stringify === "function" ? tagObj.stringify(node, ctx, onComment, onChompKeep) : identity.isScalar(node) ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep) : node.toString(ctx, onComment, onChompKeep);
      if (!props)
        return str;
      return identity.isScalar(node) || str[0] === "{" || str[0] === "[" ? `${props} ${str}` : `${props}
${ctx.indent}${str}`;
    }
    exports.createStringifyContext = createStringifyContext;
    exports.stringify = stringify2;
  }
});

// node_modules/yaml/dist/stringify/stringifyPair.js
var require_stringifyPair = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyPair.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var stringify2 = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
      const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
      let keyComment = identity.isNode(key) && key.comment || null;
      if (simpleKeys) {
        if (keyComment) {
          throw new Error("With simple keys, key nodes cannot have comments");
        }
        if (identity.isCollection(key) || !identity.isNode(key) && typeof key === "object") {
          const msg = "With simple keys, collection cannot be used as a key value";
          throw new Error(msg);
        }
      }
      let explicitKey = !simpleKeys && (!key || keyComment && value == null && !ctx.inFlow || identity.isCollection(key) || (identity.isScalar(key) ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL : typeof key === "object"));
      ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
      });
      let keyCommentDone = false;
      let chompKeep = false;
      let str = stringify2.stringify(key, ctx, () => keyCommentDone = true, () => chompKeep = true);
      if (!explicitKey && !ctx.inFlow && str.length > 1024) {
        if (simpleKeys)
          throw new Error("With simple keys, single line scalar must not span more than 1024 characters");
        explicitKey = true;
      }
      if (ctx.inFlow) {
        if (allNullValues || value == null) {
          if (keyCommentDone && onComment)
            onComment();
          return str === "" ? "?" : explicitKey ? `? ${str}` : str;
        }
      } else if (allNullValues && !simpleKeys || value == null && explicitKey) {
        str = `? ${str}`;
        if (keyComment && !keyCommentDone) {
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        } else if (chompKeep && onChompKeep)
          onChompKeep();
        return str;
      }
      if (keyCommentDone)
        keyComment = null;
      if (explicitKey) {
        if (keyComment)
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        str = `? ${str}
${indent}:`;
      } else {
        str = `${str}:`;
        if (keyComment)
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
      }
      let vsb, vcb, valueComment;
      if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
      } else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === "object")
          value = doc.createNode(value);
      }
      ctx.implicitKey = false;
      if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str.length + 1;
      chompKeep = false;
      if (!indentSeq && indentStep.length >= 2 && !ctx.inFlow && !explicitKey && identity.isSeq(value) && !value.flow && !value.tag && !value.anchor) {
        ctx.indent = ctx.indent.substring(2);
      }
      let valueCommentDone = false;
      const valueStr = stringify2.stringify(value, ctx, () => valueCommentDone = true, () => chompKeep = true);
      let ws = " ";
      if (keyComment || vsb || vcb) {
        ws = vsb ? "\n" : "";
        if (vcb) {
          const cs = commentString(vcb);
          ws += `
${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === "" && !ctx.inFlow) {
          if (ws === "\n" && valueComment)
            ws = "\n\n";
        } else {
          ws += `
${ctx.indent}`;
        }
      } else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf("\n");
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
          let hasPropsLine = false;
          if (hasNewline && (vs0 === "&" || vs0 === "!")) {
            let sp0 = valueStr.indexOf(" ");
            if (vs0 === "&" && sp0 !== -1 && sp0 < nl0 && valueStr[sp0 + 1] === "!") {
              sp0 = valueStr.indexOf(" ", sp0 + 1);
            }
            if (sp0 === -1 || nl0 < sp0)
              hasPropsLine = true;
          }
          if (!hasPropsLine)
            ws = `
${ctx.indent}`;
        }
      } else if (valueStr === "" || valueStr[0] === "\n") {
        ws = "";
      }
      str += ws + valueStr;
      if (ctx.inFlow) {
        if (valueCommentDone && onComment)
          onComment();
      } else if (valueComment && !valueCommentDone) {
        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
      } else if (chompKeep && onChompKeep) {
        onChompKeep();
      }
      return str;
    }
    exports.stringifyPair = stringifyPair;
  }
});

// node_modules/yaml/dist/log.js
var require_log = __commonJS({
  "node_modules/yaml/dist/log.js"(exports) {
    "use strict";
    var node_process = __require("process");
    function debug(logLevel, ...messages) {
      if (logLevel === "debug")
        console.log(...messages);
    }
    function warn(logLevel, warning) {
      if (logLevel === "debug" || logLevel === "warn") {
        if (typeof node_process.emitWarning === "function")
          node_process.emitWarning(warning);
        else
          console.warn(warning);
      }
    }
    exports.debug = debug;
    exports.warn = warn;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/merge.js
var require_merge = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/merge.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var MERGE_KEY = "<<";
    var merge = {
      identify: (value) => value === MERGE_KEY || typeof value === "symbol" && value.description === MERGE_KEY,
      default: "key",
      tag: "tag:yaml.org,2002:merge",
      test: /^<<$/,
      resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
      }),
      stringify: () => MERGE_KEY
    };
    var isMergeKey = (ctx, key) => (merge.identify(key) || identity.isScalar(key) && (!key.type || key.type === Scalar.Scalar.PLAIN) && merge.identify(key.value)) && ctx?.doc.schema.tags.some((tag) => tag.tag === merge.tag && tag.default);
    function addMergeToJSMap(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (identity.isSeq(source))
        for (const it of source.items)
          mergeValue(ctx, map, it);
      else if (Array.isArray(source))
        for (const it of source)
          mergeValue(ctx, map, it);
      else
        mergeValue(ctx, map, source);
    }
    function mergeValue(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (!identity.isMap(source))
        throw new Error("Merge sources must be maps or map aliases");
      const srcMap = source.toJSON(null, ctx, Map);
      for (const [key, value2] of srcMap) {
        if (map instanceof Map) {
          if (!map.has(key))
            map.set(key, value2);
        } else if (map instanceof Set) {
          map.add(key);
        } else if (!Object.prototype.hasOwnProperty.call(map, key)) {
          Object.defineProperty(map, key, {
            value: value2,
            writable: true,
            enumerable: true,
            configurable: true
          });
        }
      }
      return map;
    }
    function resolveAliasValue(ctx, value) {
      return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
    }
    exports.addMergeToJSMap = addMergeToJSMap;
    exports.isMergeKey = isMergeKey;
    exports.merge = merge;
  }
});

// node_modules/yaml/dist/nodes/addPairToJSMap.js
var require_addPairToJSMap = __commonJS({
  "node_modules/yaml/dist/nodes/addPairToJSMap.js"(exports) {
    "use strict";
    var log = require_log();
    var merge = require_merge();
    var stringify2 = require_stringify();
    var identity = require_identity();
    var toJS = require_toJS();
    function addPairToJSMap(ctx, map, { key, value }) {
      if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
      else if (merge.isMergeKey(ctx, key))
        merge.addMergeToJSMap(ctx, map, value);
      else {
        const jsKey = toJS.toJS(key, "", ctx);
        if (map instanceof Map) {
          map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        } else if (map instanceof Set) {
          map.add(jsKey);
        } else {
          const stringKey = stringifyKey(key, jsKey, ctx);
          const jsValue = toJS.toJS(value, stringKey, ctx);
          if (stringKey in map)
            Object.defineProperty(map, stringKey, {
              value: jsValue,
              writable: true,
              enumerable: true,
              configurable: true
            });
          else
            map[stringKey] = jsValue;
        }
      }
      return map;
    }
    function stringifyKey(key, jsKey, ctx) {
      if (jsKey === null)
        return "";
      if (typeof jsKey !== "object")
        return String(jsKey);
      if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify2.createStringifyContext(ctx.doc, {});
        strCtx.anchors = /* @__PURE__ */ new Set();
        for (const node of ctx.anchors.keys())
          strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
          let jsonStr = JSON.stringify(strKey);
          if (jsonStr.length > 40)
            jsonStr = jsonStr.substring(0, 36) + '..."';
          log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
          ctx.mapKeyWarned = true;
        }
        return strKey;
      }
      return JSON.stringify(jsKey);
    }
    exports.addPairToJSMap = addPairToJSMap;
  }
});

// node_modules/yaml/dist/nodes/Pair.js
var require_Pair = __commonJS({
  "node_modules/yaml/dist/nodes/Pair.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyPair = require_stringifyPair();
    var addPairToJSMap = require_addPairToJSMap();
    var identity = require_identity();
    function createPair(key, value, ctx) {
      const k = createNode.createNode(key, void 0, ctx);
      const v = createNode.createNode(value, void 0, ctx);
      return new Pair(k, v);
    }
    var Pair = class _Pair {
      constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
      }
      clone(schema) {
        let { key, value } = this;
        if (identity.isNode(key))
          key = key.clone(schema);
        if (identity.isNode(value))
          value = value.clone(schema);
        return new _Pair(key, value);
      }
      toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
      }
      toString(ctx, onComment, onChompKeep) {
        return ctx?.doc ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep) : JSON.stringify(this);
      }
    };
    exports.Pair = Pair;
    exports.createPair = createPair;
  }
});

// node_modules/yaml/dist/stringify/stringifyCollection.js
var require_stringifyCollection = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyCollection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify2 = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyCollection(collection, ctx, options) {
      const flow = ctx.inFlow ?? collection.flow;
      const stringify3 = flow ? stringifyFlowCollection : stringifyBlockCollection;
      return stringify3(collection, ctx, options);
    }
    function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
      const { indent, options: { commentString } } = ctx;
      const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
      let chompKeep = false;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment2 = null;
        if (identity.isNode(item)) {
          if (!chompKeep && item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
          if (item.comment)
            comment2 = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (!chompKeep && ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
          }
        }
        chompKeep = false;
        let str2 = stringify2.stringify(item, itemCtx, () => comment2 = null, () => chompKeep = true);
        if (comment2)
          str2 += stringifyComment.lineComment(str2, itemIndent, commentString(comment2));
        if (chompKeep && comment2)
          chompKeep = false;
        lines.push(blockItemPrefix + str2);
      }
      let str;
      if (lines.length === 0) {
        str = flowChars.start + flowChars.end;
      } else {
        str = lines[0];
        for (let i = 1; i < lines.length; ++i) {
          const line = lines[i];
          str += line ? `
${indent}${line}` : "\n";
        }
      }
      if (comment) {
        str += "\n" + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
          onComment();
      } else if (chompKeep && onChompKeep)
        onChompKeep();
      return str;
    }
    function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
      const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
      itemIndent += indentStep;
      const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
      });
      let reqNewline = false;
      let linesAtValue = 0;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
          if (item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, false);
          if (item.comment)
            comment = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, false);
            if (ik.comment)
              reqNewline = true;
          }
          const iv = identity.isNode(item.value) ? item.value : null;
          if (iv) {
            if (iv.comment)
              comment = iv.comment;
            if (iv.commentBefore)
              reqNewline = true;
          } else if (item.value == null && ik?.comment) {
            comment = ik.comment;
          }
        }
        if (comment)
          reqNewline = true;
        let str = stringify2.stringify(item, itemCtx, () => comment = null);
        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes("\n"));
        if (i < items.length - 1) {
          str += ",";
        } else if (ctx.options.trailingComma) {
          if (ctx.options.lineWidth > 0) {
            reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) + (str.length + 2) > ctx.options.lineWidth);
          }
          if (reqNewline) {
            str += ",";
          }
        }
        if (comment)
          str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        lines.push(str);
        linesAtValue = lines.length;
      }
      const { start, end } = flowChars;
      if (lines.length === 0) {
        return start + end;
      } else {
        if (!reqNewline) {
          const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
          reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
          let str = start;
          for (const line of lines)
            str += line ? `
${indentStep}${indent}${line}` : "\n";
          return `${str}
${indent}${end}`;
        } else {
          return `${start}${fcPadding}${lines.join(" ")}${fcPadding}${end}`;
        }
      }
    }
    function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
      if (comment && chompKeep)
        comment = comment.replace(/^\n+/, "");
      if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart());
      }
    }
    exports.stringifyCollection = stringifyCollection;
  }
});

// node_modules/yaml/dist/nodes/YAMLMap.js
var require_YAMLMap = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLMap.js"(exports) {
    "use strict";
    var stringifyCollection = require_stringifyCollection();
    var addPairToJSMap = require_addPairToJSMap();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    function findPair(items, key) {
      const k = identity.isScalar(key) ? key.value : key;
      for (const it of items) {
        if (identity.isPair(it)) {
          if (it.key === key || it.key === k)
            return it;
          if (identity.isScalar(it.key) && it.key.value === k)
            return it;
        }
      }
      return void 0;
    }
    var YAMLMap = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:map";
      }
      constructor(schema) {
        super(identity.MAP, schema);
        this.items = [];
      }
      /**
       * A generic collection parsing method that can be extended
       * to other node classes that inherit from YAMLMap
       */
      static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
          if (typeof replacer === "function")
            value = replacer.call(obj, key, value);
          else if (Array.isArray(replacer) && !replacer.includes(key))
            return;
          if (value !== void 0 || keepUndefined)
            map.items.push(Pair.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
          for (const [key, value] of obj)
            add(key, value);
        } else if (obj && typeof obj === "object") {
          for (const key of Object.keys(obj))
            add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === "function") {
          map.items.sort(schema.sortMapEntries);
        }
        return map;
      }
      /**
       * Adds a value to the collection.
       *
       * @param overwrite - If not set `true`, using a key that is already in the
       *   collection will throw. Otherwise, overwrites the previous value.
       */
      add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
          _pair = pair;
        else if (!pair || typeof pair !== "object" || !("key" in pair)) {
          _pair = new Pair.Pair(pair, pair?.value);
        } else
          _pair = new Pair.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
          if (!overwrite)
            throw new Error(`Key ${_pair.key} already set`);
          if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
            prev.value.value = _pair.value;
          else
            prev.value = _pair.value;
        } else if (sortEntries) {
          const i = this.items.findIndex((item) => sortEntries(_pair, item) < 0);
          if (i === -1)
            this.items.push(_pair);
          else
            this.items.splice(i, 0, _pair);
        } else {
          this.items.push(_pair);
        }
      }
      delete(key) {
        const it = findPair(this.items, key);
        if (!it)
          return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? void 0;
      }
      has(key) {
        return !!findPair(this.items, key);
      }
      set(key, value) {
        this.add(new Pair.Pair(key, value), true);
      }
      /**
       * @param ctx - Conversion context, originally set in Document#toJS()
       * @param {Class} Type - If set, forces the returned collection type
       * @returns Instance of Type, Map, or Object
       */
      toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const item of this.items)
          addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        for (const item of this.items) {
          if (!identity.isPair(item))
            throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
          ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "",
          flowChars: { start: "{", end: "}" },
          itemIndent: ctx.indent || "",
          onChompKeep,
          onComment
        });
      }
    };
    exports.YAMLMap = YAMLMap;
    exports.findPair = findPair;
  }
});

// node_modules/yaml/dist/schema/common/map.js
var require_map = __commonJS({
  "node_modules/yaml/dist/schema/common/map.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLMap = require_YAMLMap();
    var map = {
      collection: "map",
      default: true,
      nodeClass: YAMLMap.YAMLMap,
      tag: "tag:yaml.org,2002:map",
      resolve(map2, onError) {
        if (!identity.isMap(map2))
          onError("Expected a mapping for this tag");
        return map2;
      },
      createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
    };
    exports.map = map;
  }
});

// node_modules/yaml/dist/nodes/YAMLSeq.js
var require_YAMLSeq = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLSeq.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyCollection = require_stringifyCollection();
    var Collection = require_Collection();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var toJS = require_toJS();
    var YAMLSeq = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:seq";
      }
      constructor(schema) {
        super(identity.SEQ, schema);
        this.items = [];
      }
      add(value) {
        this.items.push(value);
      }
      /**
       * Removes a value from the collection.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       *
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return void 0;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       */
      has(key) {
        const idx = asItemIndex(key);
        return typeof idx === "number" && idx < this.items.length;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       *
       * If `key` does not contain a representation of an integer, this will throw.
       * It may be wrapped in a `Scalar`.
       */
      set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
          prev.value = value;
        else
          this.items[idx] = value;
      }
      toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
          ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
          seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "- ",
          flowChars: { start: "[", end: "]" },
          itemIndent: (ctx.indent || "") + "  ",
          onChompKeep,
          onComment
        });
      }
      static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
          let i = 0;
          for (let it of obj) {
            if (typeof replacer === "function") {
              const key = obj instanceof Set ? it : String(i++);
              it = replacer.call(obj, key, it);
            }
            seq.items.push(createNode.createNode(it, void 0, ctx));
          }
        }
        return seq;
      }
    };
    function asItemIndex(key) {
      let idx = identity.isScalar(key) ? key.value : key;
      if (idx && typeof idx === "string")
        idx = Number(idx);
      return typeof idx === "number" && Number.isInteger(idx) && idx >= 0 ? idx : null;
    }
    exports.YAMLSeq = YAMLSeq;
  }
});

// node_modules/yaml/dist/schema/common/seq.js
var require_seq = __commonJS({
  "node_modules/yaml/dist/schema/common/seq.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLSeq = require_YAMLSeq();
    var seq = {
      collection: "seq",
      default: true,
      nodeClass: YAMLSeq.YAMLSeq,
      tag: "tag:yaml.org,2002:seq",
      resolve(seq2, onError) {
        if (!identity.isSeq(seq2))
          onError("Expected a sequence for this tag");
        return seq2;
      },
      createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
    };
    exports.seq = seq;
  }
});

// node_modules/yaml/dist/schema/common/string.js
var require_string = __commonJS({
  "node_modules/yaml/dist/schema/common/string.js"(exports) {
    "use strict";
    var stringifyString = require_stringifyString();
    var string = {
      identify: (value) => typeof value === "string",
      default: true,
      tag: "tag:yaml.org,2002:str",
      resolve: (str) => str,
      stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
      }
    };
    exports.string = string;
  }
});

// node_modules/yaml/dist/schema/common/null.js
var require_null = __commonJS({
  "node_modules/yaml/dist/schema/common/null.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var nullTag = {
      identify: (value) => value == null,
      createNode: () => new Scalar.Scalar(null),
      default: true,
      tag: "tag:yaml.org,2002:null",
      test: /^(?:~|[Nn]ull|NULL)?$/,
      resolve: () => new Scalar.Scalar(null),
      stringify: ({ source }, ctx) => typeof source === "string" && nullTag.test.test(source) ? source : ctx.options.nullStr
    };
    exports.nullTag = nullTag;
  }
});

// node_modules/yaml/dist/schema/core/bool.js
var require_bool = __commonJS({
  "node_modules/yaml/dist/schema/core/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var boolTag = {
      identify: (value) => typeof value === "boolean",
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
      resolve: (str) => new Scalar.Scalar(str[0] === "t" || str[0] === "T"),
      stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
          const sv = source[0] === "t" || source[0] === "T";
          if (value === sv)
            return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
      }
    };
    exports.boolTag = boolTag;
  }
});

// node_modules/yaml/dist/stringify/stringifyNumber.js
var require_stringifyNumber = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyNumber.js"(exports) {
    "use strict";
    function stringifyNumber({ format, minFractionDigits, tag, value }) {
      if (typeof value === "bigint")
        return String(value);
      const num = typeof value === "number" ? value : Number(value);
      if (!isFinite(num))
        return isNaN(num) ? ".nan" : num < 0 ? "-.inf" : ".inf";
      let n = Object.is(value, -0) ? "-0" : JSON.stringify(value);
      if (!format && minFractionDigits && (!tag || tag === "tag:yaml.org,2002:float") && /^-?\d/.test(n) && !n.includes("e")) {
        let i = n.indexOf(".");
        if (i < 0) {
          i = n.length;
          n += ".";
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
          n += "0";
      }
      return n;
    }
    exports.stringifyNumber = stringifyNumber;
  }
});

// node_modules/yaml/dist/schema/core/float.js
var require_float = __commonJS({
  "node_modules/yaml/dist/schema/core/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
      resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str));
        const dot = str.indexOf(".");
        if (dot !== -1 && str[str.length - 1] === "0")
          node.minFractionDigits = str.length - dot - 1;
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/core/int.js
var require_int = __commonJS({
  "node_modules/yaml/dist/schema/core/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    var intResolve = (str, offset, radix, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix);
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
      return stringifyNumber.stringifyNumber(node);
    }
    var intOct = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^0o[0-7]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
      stringify: (node) => intStringify(node, 8, "0o")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^0x[0-9a-fA-F]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/core/schema.js
var require_schema = __commonJS({
  "node_modules/yaml/dist/schema/core/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool.boolTag,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/json/schema.js
var require_schema2 = __commonJS({
  "node_modules/yaml/dist/schema/json/schema.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var map = require_map();
    var seq = require_seq();
    function intIdentify(value) {
      return typeof value === "bigint" || Number.isInteger(value);
    }
    var stringifyJSON = ({ value }) => JSON.stringify(value);
    var jsonScalars = [
      {
        identify: (value) => typeof value === "string",
        default: true,
        tag: "tag:yaml.org,2002:str",
        resolve: (str) => str,
        stringify: stringifyJSON
      },
      {
        identify: (value) => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: "tag:yaml.org,2002:null",
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
      },
      {
        identify: (value) => typeof value === "boolean",
        default: true,
        tag: "tag:yaml.org,2002:bool",
        test: /^true$|^false$/,
        resolve: (str) => str === "true",
        stringify: stringifyJSON
      },
      {
        identify: intIdentify,
        default: true,
        tag: "tag:yaml.org,2002:int",
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
      },
      {
        identify: (value) => typeof value === "number",
        default: true,
        tag: "tag:yaml.org,2002:float",
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: (str) => parseFloat(str),
        stringify: stringifyJSON
      }
    ];
    var jsonError = {
      default: true,
      tag: "",
      test: /^/,
      resolve(str, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
        return str;
      }
    };
    var schema = [map.map, seq.seq].concat(jsonScalars, jsonError);
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/binary.js
var require_binary = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/binary.js"(exports) {
    "use strict";
    var node_buffer = __require("buffer");
    var Scalar = require_Scalar();
    var stringifyString = require_stringifyString();
    var binary = {
      identify: (value) => value instanceof Uint8Array,
      // Buffer inherits from Uint8Array
      default: false,
      tag: "tag:yaml.org,2002:binary",
      /**
       * Returns a Buffer in node and an Uint8Array in browsers
       *
       * To use the resulting buffer as an image, you'll want to do something like:
       *
       *   const blob = new Blob([buffer], { type: 'image/jpeg' })
       *   document.querySelector('#photo').src = URL.createObjectURL(blob)
       */
      resolve(src, onError) {
        if (typeof node_buffer.Buffer === "function") {
          return node_buffer.Buffer.from(src, "base64");
        } else if (typeof atob === "function") {
          const str = atob(src.replace(/[\n\r]/g, ""));
          const buffer = new Uint8Array(str.length);
          for (let i = 0; i < str.length; ++i)
            buffer[i] = str.charCodeAt(i);
          return buffer;
        } else {
          onError("This environment does not support reading binary tags; either Buffer or atob is required");
          return src;
        }
      },
      stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
          return "";
        const buf = value;
        let str;
        if (typeof node_buffer.Buffer === "function") {
          str = buf instanceof node_buffer.Buffer ? buf.toString("base64") : node_buffer.Buffer.from(buf.buffer).toString("base64");
        } else if (typeof btoa === "function") {
          let s = "";
          for (let i = 0; i < buf.length; ++i)
            s += String.fromCharCode(buf[i]);
          str = btoa(s);
        } else {
          throw new Error("This environment does not support writing binary tags; either Buffer or btoa is required");
        }
        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
          const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
          const n = Math.ceil(str.length / lineWidth);
          const lines = new Array(n);
          for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
            lines[i] = str.substr(o, lineWidth);
          }
          str = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? "\n" : " ");
        }
        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
      }
    };
    exports.binary = binary;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/pairs.js
var require_pairs = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/pairs.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLSeq = require_YAMLSeq();
    function resolvePairs(seq, onError) {
      if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
          let item = seq.items[i];
          if (identity.isPair(item))
            continue;
          else if (identity.isMap(item)) {
            if (item.items.length > 1)
              onError("Each pair must have its own sequence indicator");
            const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
            if (item.commentBefore)
              pair.key.commentBefore = pair.key.commentBefore ? `${item.commentBefore}
${pair.key.commentBefore}` : item.commentBefore;
            if (item.comment) {
              const cn = pair.value ?? pair.key;
              cn.comment = cn.comment ? `${item.comment}
${cn.comment}` : item.comment;
            }
            item = pair;
          }
          seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
      } else
        onError("Expected a sequence for this tag");
      return seq;
    }
    function createPairs(schema, iterable, ctx) {
      const { replacer } = ctx;
      const pairs2 = new YAMLSeq.YAMLSeq(schema);
      pairs2.tag = "tag:yaml.org,2002:pairs";
      let i = 0;
      if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
          if (typeof replacer === "function")
            it = replacer.call(iterable, String(i++), it);
          let key, value;
          if (Array.isArray(it)) {
            if (it.length === 2) {
              key = it[0];
              value = it[1];
            } else
              throw new TypeError(`Expected [key, value] tuple: ${it}`);
          } else if (it && it instanceof Object) {
            const keys = Object.keys(it);
            if (keys.length === 1) {
              key = keys[0];
              value = it[key];
            } else {
              throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
            }
          } else {
            key = it;
          }
          pairs2.items.push(Pair.createPair(key, value, ctx));
        }
      return pairs2;
    }
    var pairs = {
      collection: "seq",
      default: false,
      tag: "tag:yaml.org,2002:pairs",
      resolve: resolvePairs,
      createNode: createPairs
    };
    exports.createPairs = createPairs;
    exports.pairs = pairs;
    exports.resolvePairs = resolvePairs;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/omap.js
var require_omap = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/omap.js"(exports) {
    "use strict";
    var identity = require_identity();
    var toJS = require_toJS();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var pairs = require_pairs();
    var YAMLOMap = class _YAMLOMap extends YAMLSeq.YAMLSeq {
      constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = _YAMLOMap.tag;
      }
      /**
       * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
       * but TypeScript won't allow widening the signature of a child method.
       */
      toJSON(_, ctx) {
        if (!ctx)
          return super.toJSON(_);
        const map = /* @__PURE__ */ new Map();
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const pair of this.items) {
          let key, value;
          if (identity.isPair(pair)) {
            key = toJS.toJS(pair.key, "", ctx);
            value = toJS.toJS(pair.value, key, ctx);
          } else {
            key = toJS.toJS(pair, "", ctx);
          }
          if (map.has(key))
            throw new Error("Ordered maps must not include duplicate keys");
          map.set(key, value);
        }
        return map;
      }
      static from(schema, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
        const omap2 = new this();
        omap2.items = pairs$1.items;
        return omap2;
      }
    };
    YAMLOMap.tag = "tag:yaml.org,2002:omap";
    var omap = {
      collection: "seq",
      identify: (value) => value instanceof Map,
      nodeClass: YAMLOMap,
      default: false,
      tag: "tag:yaml.org,2002:omap",
      resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
          if (identity.isScalar(key)) {
            if (seenKeys.includes(key.value)) {
              onError(`Ordered maps must not include duplicate keys: ${key.value}`);
            } else {
              seenKeys.push(key.value);
            }
          }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
      },
      createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
    };
    exports.YAMLOMap = YAMLOMap;
    exports.omap = omap;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/bool.js
var require_bool2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function boolStringify({ value, source }, ctx) {
      const boolObj = value ? trueTag : falseTag;
      if (source && boolObj.test.test(source))
        return source;
      return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
    var trueTag = {
      identify: (value) => value === true,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
      resolve: () => new Scalar.Scalar(true),
      stringify: boolStringify
    };
    var falseTag = {
      identify: (value) => value === false,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
      resolve: () => new Scalar.Scalar(false),
      stringify: boolStringify
    };
    exports.falseTag = falseTag;
    exports.trueTag = trueTag;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/float.js
var require_float2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str.replace(/_/g, "")),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
      resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str.replace(/_/g, "")));
        const dot = str.indexOf(".");
        if (dot !== -1) {
          const f = str.substring(dot + 1).replace(/_/g, "");
          if (f[f.length - 1] === "0")
            node.minFractionDigits = f.length;
        }
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/int.js
var require_int2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    function intResolve(str, offset, radix, { intAsBigInt }) {
      const sign = str[0];
      if (sign === "-" || sign === "+")
        offset += 1;
      str = str.substring(offset).replace(/_/g, "");
      if (intAsBigInt) {
        switch (radix) {
          case 2:
            str = `0b${str}`;
            break;
          case 8:
            str = `0o${str}`;
            break;
          case 16:
            str = `0x${str}`;
            break;
        }
        const n2 = BigInt(str);
        return sign === "-" ? BigInt(-1) * n2 : n2;
      }
      const n = parseInt(str, radix);
      return sign === "-" ? -1 * n : n;
    }
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value)) {
        const str = value.toString(radix);
        return value < 0 ? "-" + prefix + str.substr(1) : prefix + str;
      }
      return stringifyNumber.stringifyNumber(node);
    }
    var intBin = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "BIN",
      test: /^[-+]?0b[0-1_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
      stringify: (node) => intStringify(node, 2, "0b")
    };
    var intOct = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^[-+]?0[0-7_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
      stringify: (node) => intStringify(node, 8, "0")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9][0-9_]*$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^[-+]?0x[0-9a-fA-F_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intBin = intBin;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/set.js
var require_set = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/set.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSet = class _YAMLSet extends YAMLMap.YAMLMap {
      constructor(schema) {
        super(schema);
        this.tag = _YAMLSet.tag;
      }
      add(key) {
        let pair;
        if (identity.isPair(key))
          pair = key;
        else if (key && typeof key === "object" && "key" in key && "value" in key && key.value === null)
          pair = new Pair.Pair(key.key, null);
        else
          pair = new Pair.Pair(key, null);
        const prev = YAMLMap.findPair(this.items, pair.key);
        if (!prev)
          this.items.push(pair);
      }
      /**
       * If `keepPair` is `true`, returns the Pair matching `key`.
       * Otherwise, returns the value of that Pair's key.
       */
      get(key, keepPair) {
        const pair = YAMLMap.findPair(this.items, key);
        return !keepPair && identity.isPair(pair) ? identity.isScalar(pair.key) ? pair.key.value : pair.key : pair;
      }
      set(key, value) {
        if (typeof value !== "boolean")
          throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key);
        if (prev && !value) {
          this.items.splice(this.items.indexOf(prev), 1);
        } else if (!prev && value) {
          this.items.push(new Pair.Pair(key));
        }
      }
      toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        if (this.hasAllNullValues(true))
          return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
          throw new Error("Set items must all have null values");
      }
      static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set2 = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
          for (let value of iterable) {
            if (typeof replacer === "function")
              value = replacer.call(iterable, value, value);
            set2.items.push(Pair.createPair(value, null, ctx));
          }
        return set2;
      }
    };
    YAMLSet.tag = "tag:yaml.org,2002:set";
    var set = {
      collection: "map",
      identify: (value) => value instanceof Set,
      nodeClass: YAMLSet,
      default: false,
      tag: "tag:yaml.org,2002:set",
      createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
      resolve(map, onError) {
        if (identity.isMap(map)) {
          if (map.hasAllNullValues(true))
            return Object.assign(new YAMLSet(), map);
          else
            onError("Set items must all have null values");
        } else
          onError("Expected a mapping for this tag");
        return map;
      }
    };
    exports.YAMLSet = YAMLSet;
    exports.set = set;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/timestamp.js
var require_timestamp = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/timestamp.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    function parseSexagesimal(str, asBigInt) {
      const sign = str[0];
      const parts = sign === "-" || sign === "+" ? str.substring(1) : str;
      const num = (n) => asBigInt ? BigInt(n) : Number(n);
      const res = parts.replace(/_/g, "").split(":").reduce((res2, p) => res2 * num(60) + num(p), num(0));
      return sign === "-" ? num(-1) * res : res;
    }
    function stringifySexagesimal(node) {
      let { value } = node;
      let num = (n) => n;
      if (typeof value === "bigint")
        num = (n) => BigInt(n);
      else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
      let sign = "";
      if (value < 0) {
        sign = "-";
        value *= num(-1);
      }
      const _60 = num(60);
      const parts = [value % _60];
      if (value < 60) {
        parts.unshift(0);
      } else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60);
        if (value >= 60) {
          value = (value - parts[0]) / _60;
          parts.unshift(value);
        }
      }
      return sign + parts.map((n) => String(n).padStart(2, "0")).join(":").replace(/000000\d*$/, "");
    }
    var intTime = {
      identify: (value) => typeof value === "bigint" || Number.isInteger(value),
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
      resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
      stringify: stringifySexagesimal
    };
    var floatTime = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
      resolve: (str) => parseSexagesimal(str, false),
      stringify: stringifySexagesimal
    };
    var timestamp = {
      identify: (value) => value instanceof Date,
      default: true,
      tag: "tag:yaml.org,2002:timestamp",
      // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
      // may be omitted altogether, resulting in a date format. In such a case, the time part is
      // assumed to be 00:00:00Z (start of day, UTC).
      test: RegExp("^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$"),
      resolve(str) {
        const match = str.match(timestamp.test);
        if (!match)
          throw new Error("!!timestamp expects a date, starting with yyyy-mm-dd");
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + "00").substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== "Z") {
          let d = parseSexagesimal(tz, false);
          if (Math.abs(d) < 30)
            d *= 60;
          date -= 6e4 * d;
        }
        return new Date(date);
      },
      stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, "") ?? ""
    };
    exports.floatTime = floatTime;
    exports.intTime = intTime;
    exports.timestamp = timestamp;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/schema.js
var require_schema3 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var binary = require_binary();
    var bool = require_bool2();
    var float = require_float2();
    var int = require_int2();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var set = require_set();
    var timestamp = require_timestamp();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool.trueTag,
      bool.falseTag,
      int.intBin,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float,
      binary.binary,
      merge.merge,
      omap.omap,
      pairs.pairs,
      set.set,
      timestamp.intTime,
      timestamp.floatTime,
      timestamp.timestamp
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/tags.js
var require_tags = __commonJS({
  "node_modules/yaml/dist/schema/tags.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = require_schema();
    var schema$1 = require_schema2();
    var binary = require_binary();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var schema$2 = require_schema3();
    var set = require_set();
    var timestamp = require_timestamp();
    var schemas = /* @__PURE__ */ new Map([
      ["core", schema.schema],
      ["failsafe", [map.map, seq.seq, string.string]],
      ["json", schema$1.schema],
      ["yaml11", schema$2.schema],
      ["yaml-1.1", schema$2.schema]
    ]);
    var tagsByName = {
      binary: binary.binary,
      bool: bool.boolTag,
      float: float.float,
      floatExp: float.floatExp,
      floatNaN: float.floatNaN,
      floatTime: timestamp.floatTime,
      int: int.int,
      intHex: int.intHex,
      intOct: int.intOct,
      intTime: timestamp.intTime,
      map: map.map,
      merge: merge.merge,
      null: _null.nullTag,
      omap: omap.omap,
      pairs: pairs.pairs,
      seq: seq.seq,
      set: set.set,
      timestamp: timestamp.timestamp
    };
    var coreKnownTags = {
      "tag:yaml.org,2002:binary": binary.binary,
      "tag:yaml.org,2002:merge": merge.merge,
      "tag:yaml.org,2002:omap": omap.omap,
      "tag:yaml.org,2002:pairs": pairs.pairs,
      "tag:yaml.org,2002:set": set.set,
      "tag:yaml.org,2002:timestamp": timestamp.timestamp
    };
    function getTags(customTags, schemaName, addMergeTag) {
      const schemaTags = schemas.get(schemaName);
      if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge.merge) ? schemaTags.concat(merge.merge) : schemaTags.slice();
      }
      let tags = schemaTags;
      if (!tags) {
        if (Array.isArray(customTags))
          tags = [];
        else {
          const keys = Array.from(schemas.keys()).filter((key) => key !== "yaml11").map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
      }
      if (Array.isArray(customTags)) {
        for (const tag of customTags)
          tags = tags.concat(tag);
      } else if (typeof customTags === "function") {
        tags = customTags(tags.slice());
      }
      if (addMergeTag)
        tags = tags.concat(merge.merge);
      return tags.reduce((tags2, tag) => {
        const tagObj = typeof tag === "string" ? tagsByName[tag] : tag;
        if (!tagObj) {
          const tagName = JSON.stringify(tag);
          const keys = Object.keys(tagsByName).map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags2.includes(tagObj))
          tags2.push(tagObj);
        return tags2;
      }, []);
    }
    exports.coreKnownTags = coreKnownTags;
    exports.getTags = getTags;
  }
});

// node_modules/yaml/dist/schema/Schema.js
var require_Schema = __commonJS({
  "node_modules/yaml/dist/schema/Schema.js"(exports) {
    "use strict";
    var identity = require_identity();
    var map = require_map();
    var seq = require_seq();
    var string = require_string();
    var tags = require_tags();
    var sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    var Schema = class _Schema {
      constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat) ? tags.getTags(compat, "compat") : compat ? tags.getTags(null, compat) : null;
        this.name = typeof schema === "string" && schema || "core";
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        this.sortMapEntries = typeof sortMapEntries === "function" ? sortMapEntries : sortMapEntries === true ? sortMapEntriesByKey : null;
      }
      clone() {
        const copy = Object.create(_Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
      }
    };
    exports.Schema = Schema;
  }
});

// node_modules/yaml/dist/stringify/stringifyDocument.js
var require_stringifyDocument = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyDocument.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify2 = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyDocument(doc, options) {
      const lines = [];
      let hasDirectives = options.directives === true;
      if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
          lines.push(dir);
          hasDirectives = true;
        } else if (doc.directives.docStart)
          hasDirectives = true;
      }
      if (hasDirectives)
        lines.push("---");
      const ctx = stringify2.createStringifyContext(doc, options);
      const { commentString } = ctx.options;
      if (doc.commentBefore) {
        if (lines.length !== 1)
          lines.unshift("");
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ""));
      }
      let chompKeep = false;
      let contentComment = null;
      if (doc.contents) {
        if (identity.isNode(doc.contents)) {
          if (doc.contents.spaceBefore && hasDirectives)
            lines.push("");
          if (doc.contents.commentBefore) {
            const cs = commentString(doc.contents.commentBefore);
            lines.push(stringifyComment.indentComment(cs, ""));
          }
          ctx.forceBlockIndent = !!doc.comment;
          contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? void 0 : () => chompKeep = true;
        let body = stringify2.stringify(doc.contents, ctx, () => contentComment = null, onChompKeep);
        if (contentComment)
          body += stringifyComment.lineComment(body, "", commentString(contentComment));
        if ((body[0] === "|" || body[0] === ">") && lines[lines.length - 1] === "---") {
          lines[lines.length - 1] = `--- ${body}`;
        } else
          lines.push(body);
      } else {
        lines.push(stringify2.stringify(doc.contents, ctx));
      }
      if (doc.directives?.docEnd) {
        if (doc.comment) {
          const cs = commentString(doc.comment);
          if (cs.includes("\n")) {
            lines.push("...");
            lines.push(stringifyComment.indentComment(cs, ""));
          } else {
            lines.push(`... ${cs}`);
          }
        } else {
          lines.push("...");
        }
      } else {
        let dc = doc.comment;
        if (dc && chompKeep)
          dc = dc.replace(/^\n+/, "");
        if (dc) {
          if ((!chompKeep || contentComment) && lines[lines.length - 1] !== "")
            lines.push("");
          lines.push(stringifyComment.indentComment(commentString(dc), ""));
        }
      }
      return lines.join("\n") + "\n";
    }
    exports.stringifyDocument = stringifyDocument;
  }
});

// node_modules/yaml/dist/doc/Document.js
var require_Document = __commonJS({
  "node_modules/yaml/dist/doc/Document.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var toJS = require_toJS();
    var Schema = require_Schema();
    var stringifyDocument = require_stringifyDocument();
    var anchors = require_anchors();
    var applyReviver = require_applyReviver();
    var createNode = require_createNode();
    var directives = require_directives();
    var Document = class _Document {
      constructor(value, replacer, options) {
        this.commentBefore = null;
        this.comment = null;
        this.errors = [];
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === "function" || Array.isArray(replacer)) {
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const opt = Object.assign({
          intAsBigInt: false,
          keepSourceTokens: false,
          logLevel: "warn",
          prettyErrors: true,
          strict: true,
          stringKeys: false,
          uniqueKeys: true,
          version: "1.2"
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
          this.directives = options._directives.atDocument();
          if (this.directives.yaml.explicit)
            version = this.directives.yaml.version;
        } else
          this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        this.contents = value === void 0 ? null : this.createNode(value, _replacer, options);
      }
      /**
       * Create a deep copy of this Document and its contents.
       *
       * Custom Node values that inherit from `Object` still refer to their original instances.
       */
      clone() {
        const copy = Object.create(_Document.prototype, {
          [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
          copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        copy.contents = identity.isNode(this.contents) ? this.contents.clone(copy.schema) : this.contents;
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** Adds a value to the document. */
      add(value) {
        if (assertCollection(this.contents))
          this.contents.add(value);
      }
      /** Adds a value to the document. */
      addIn(path8, value) {
        if (assertCollection(this.contents))
          this.contents.addIn(path8, value);
      }
      /**
       * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
       *
       * If `node` already has an anchor, `name` is ignored.
       * Otherwise, the `node.anchor` value will be set to `name`,
       * or if an anchor with that name is already present in the document,
       * `name` will be used as a prefix for a new unique anchor.
       * If `name` is undefined, the generated anchor will use 'a' as a prefix.
       */
      createAlias(node, name) {
        if (!node.anchor) {
          const prev = anchors.anchorNames(this);
          node.anchor = // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          !name || prev.has(name) ? anchors.findNewAnchor(name || "a", prev) : name;
        }
        return new Alias.Alias(node.anchor);
      }
      createNode(value, replacer, options) {
        let _replacer = void 0;
        if (typeof replacer === "function") {
          value = replacer.call({ "": value }, "", value);
          _replacer = replacer;
        } else if (Array.isArray(replacer)) {
          const keyToStr = (v) => typeof v === "number" || v instanceof String || v instanceof Number;
          const asStr = replacer.filter(keyToStr).map(String);
          if (asStr.length > 0)
            replacer = replacer.concat(asStr);
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(
          this,
          // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          anchorPrefix || "a"
        );
        const ctx = {
          aliasDuplicateObjects: aliasDuplicateObjects ?? true,
          keepUndefined: keepUndefined ?? false,
          onAnchor,
          onTagObj,
          replacer: _replacer,
          schema: this.schema,
          sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
          node.flow = true;
        setAnchors();
        return node;
      }
      /**
       * Convert a key and a value into a `Pair` using the current schema,
       * recursively wrapping all values as `Scalar` or `Collection` nodes.
       */
      createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path8) {
        if (Collection.isEmptyPath(path8)) {
          if (this.contents == null)
            return false;
          this.contents = null;
          return true;
        }
        return assertCollection(this.contents) ? this.contents.deleteIn(path8) : false;
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      get(key, keepScalar) {
        return identity.isCollection(this.contents) ? this.contents.get(key, keepScalar) : void 0;
      }
      /**
       * Returns item at `path`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path8, keepScalar) {
        if (Collection.isEmptyPath(path8))
          return !keepScalar && identity.isScalar(this.contents) ? this.contents.value : this.contents;
        return identity.isCollection(this.contents) ? this.contents.getIn(path8, keepScalar) : void 0;
      }
      /**
       * Checks if the document includes a value with the key `key`.
       */
      has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
      }
      /**
       * Checks if the document includes a value at `path`.
       */
      hasIn(path8) {
        if (Collection.isEmptyPath(path8))
          return this.contents !== void 0;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path8) : false;
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      set(key, value) {
        if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, [key], value);
        } else if (assertCollection(this.contents)) {
          this.contents.set(key, value);
        }
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path8, value) {
        if (Collection.isEmptyPath(path8)) {
          this.contents = value;
        } else if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, Array.from(path8), value);
        } else if (assertCollection(this.contents)) {
          this.contents.setIn(path8, value);
        }
      }
      /**
       * Change the YAML version and schema used by the document.
       * A `null` version disables support for directives, explicit tags, anchors, and aliases.
       * It also requires the `schema` option to be given as a `Schema` instance value.
       *
       * Overrides all previously set schema options.
       */
      setSchema(version, options = {}) {
        if (typeof version === "number")
          version = String(version);
        let opt;
        switch (version) {
          case "1.1":
            if (this.directives)
              this.directives.yaml.version = "1.1";
            else
              this.directives = new directives.Directives({ version: "1.1" });
            opt = { resolveKnownTags: false, schema: "yaml-1.1" };
            break;
          case "1.2":
          case "next":
            if (this.directives)
              this.directives.yaml.version = version;
            else
              this.directives = new directives.Directives({ version });
            opt = { resolveKnownTags: true, schema: "core" };
            break;
          case null:
            if (this.directives)
              delete this.directives;
            opt = null;
            break;
          default: {
            const sv = JSON.stringify(version);
            throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
          }
        }
        if (options.schema instanceof Object)
          this.schema = options.schema;
        else if (opt)
          this.schema = new Schema.Schema(Object.assign(opt, options));
        else
          throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
      }
      // json & jsonArg are only used from toJSON()
      toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc: this,
          keep: !json,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
      /**
       * A JSON representation of the document `contents`.
       *
       * @param jsonArg Used by `JSON.stringify` to indicate the array index or
       *   property name.
       */
      toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
      }
      /** A YAML representation of the document. */
      toString(options = {}) {
        if (this.errors.length > 0)
          throw new Error("Document with errors cannot be stringified");
        if ("indent" in options && (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
          const s = JSON.stringify(options.indent);
          throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
      }
    };
    function assertCollection(contents) {
      if (identity.isCollection(contents))
        return true;
      throw new Error("Expected a YAML collection as document contents");
    }
    exports.Document = Document;
  }
});

// node_modules/yaml/dist/errors.js
var require_errors = __commonJS({
  "node_modules/yaml/dist/errors.js"(exports) {
    "use strict";
    var YAMLError = class extends Error {
      constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
      }
    };
    var YAMLParseError = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLParseError", pos, code, message);
      }
    };
    var YAMLWarning = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLWarning", pos, code, message);
      }
    };
    var prettifyError = (src, lc) => (error) => {
      if (error.pos[0] === -1)
        return;
      error.linePos = error.pos.map((pos) => lc.linePos(pos));
      const { line, col } = error.linePos[0];
      error.message += ` at line ${line}, column ${col}`;
      let ci = col - 1;
      let lineStr = src.substring(lc.lineStarts[line - 1], lc.lineStarts[line]).replace(/[\n\r]+$/, "");
      if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = "\u2026" + lineStr.substring(trimStart);
        ci -= trimStart - 1;
      }
      if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + "\u2026";
      if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
          prev = prev.substring(0, 79) + "\u2026\n";
        lineStr = prev + lineStr;
      }
      if (/[^ ]/.test(lineStr)) {
        let count = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
          count = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = " ".repeat(ci) + "^".repeat(count);
        error.message += `:

${lineStr}
${pointer}
`;
      }
    };
    exports.YAMLError = YAMLError;
    exports.YAMLParseError = YAMLParseError;
    exports.YAMLWarning = YAMLWarning;
    exports.prettifyError = prettifyError;
  }
});

// node_modules/yaml/dist/compose/resolve-props.js
var require_resolve_props = __commonJS({
  "node_modules/yaml/dist/compose/resolve-props.js"(exports) {
    "use strict";
    function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
      let spaceBefore = false;
      let atNewline = startOnNewline;
      let hasSpace = startOnNewline;
      let comment = "";
      let commentSep = "";
      let hasNewline = false;
      let reqSpace = false;
      let tab = null;
      let anchor = null;
      let tag = null;
      let newlineAfterProp = null;
      let comma = null;
      let found = null;
      let start = null;
      for (const token of tokens) {
        if (reqSpace) {
          if (token.type !== "space" && token.type !== "newline" && token.type !== "comma")
            onError(token.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
          reqSpace = false;
        }
        if (tab) {
          if (atNewline && token.type !== "comment" && token.type !== "newline") {
            onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
          }
          tab = null;
        }
        switch (token.type) {
          case "space":
            if (!flow && (indicator !== "doc-start" || next?.type !== "flow-collection") && token.source.includes("	")) {
              tab = token;
            }
            hasSpace = true;
            break;
          case "comment": {
            if (!hasSpace)
              onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
            const cb = token.source.substring(1) || " ";
            if (!comment)
              comment = cb;
            else
              comment += commentSep + cb;
            commentSep = "";
            atNewline = false;
            break;
          }
          case "newline":
            if (atNewline) {
              if (comment)
                comment += token.source;
              else if (!found || indicator !== "seq-item-ind")
                spaceBefore = true;
            } else
              commentSep += token.source;
            atNewline = true;
            hasNewline = true;
            if (anchor || tag)
              newlineAfterProp = token;
            hasSpace = true;
            break;
          case "anchor":
            if (anchor)
              onError(token, "MULTIPLE_ANCHORS", "A node can have at most one anchor");
            if (token.source.endsWith(":"))
              onError(token.offset + token.source.length - 1, "BAD_ALIAS", "Anchor ending in : is ambiguous", true);
            anchor = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          case "tag": {
            if (tag)
              onError(token, "MULTIPLE_TAGS", "A node can have at most one tag");
            tag = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          }
          case indicator:
            if (anchor || tag)
              onError(token, "BAD_PROP_ORDER", `Anchors and tags must be after the ${token.source} indicator`);
            if (found)
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.source} in ${flow ?? "collection"}`);
            found = token;
            atNewline = indicator === "seq-item-ind" || indicator === "explicit-key-ind";
            hasSpace = false;
            break;
          case "comma":
            if (flow) {
              if (comma)
                onError(token, "UNEXPECTED_TOKEN", `Unexpected , in ${flow}`);
              comma = token;
              atNewline = false;
              hasSpace = false;
              break;
            }
          // else fallthrough
          default:
            onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.type} token`);
            atNewline = false;
            hasSpace = false;
        }
      }
      const last = tokens[tokens.length - 1];
      const end = last ? last.offset + last.source.length : offset;
      if (reqSpace && next && next.type !== "space" && next.type !== "newline" && next.type !== "comma" && (next.type !== "scalar" || next.source !== "")) {
        onError(next.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
      }
      if (tab && (atNewline && tab.indent <= parentIndent || next?.type === "block-map" || next?.type === "block-seq"))
        onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
      return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
      };
    }
    exports.resolveProps = resolveProps;
  }
});

// node_modules/yaml/dist/compose/util-contains-newline.js
var require_util_contains_newline = __commonJS({
  "node_modules/yaml/dist/compose/util-contains-newline.js"(exports) {
    "use strict";
    function containsNewline(key) {
      if (!key)
        return null;
      switch (key.type) {
        case "alias":
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          if (key.source.includes("\n"))
            return true;
          if (key.end) {
            for (const st of key.end)
              if (st.type === "newline")
                return true;
          }
          return false;
        case "flow-collection":
          for (const it of key.items) {
            for (const st of it.start)
              if (st.type === "newline")
                return true;
            if (it.sep) {
              for (const st of it.sep)
                if (st.type === "newline")
                  return true;
            }
            if (containsNewline(it.key) || containsNewline(it.value))
              return true;
          }
          return false;
        default:
          return true;
      }
    }
    exports.containsNewline = containsNewline;
  }
});

// node_modules/yaml/dist/compose/util-flow-indent-check.js
var require_util_flow_indent_check = __commonJS({
  "node_modules/yaml/dist/compose/util-flow-indent-check.js"(exports) {
    "use strict";
    var utilContainsNewline = require_util_contains_newline();
    function flowIndentCheck(indent, fc, onError) {
      if (fc?.type === "flow-collection") {
        const end = fc.end[0];
        if (end.indent === indent && (end.source === "]" || end.source === "}") && utilContainsNewline.containsNewline(fc)) {
          const msg = "Flow end indicator should be more indented than parent";
          onError(end, "BAD_INDENT", msg, true);
        }
      }
    }
    exports.flowIndentCheck = flowIndentCheck;
  }
});

// node_modules/yaml/dist/compose/util-map-includes.js
var require_util_map_includes = __commonJS({
  "node_modules/yaml/dist/compose/util-map-includes.js"(exports) {
    "use strict";
    var identity = require_identity();
    function mapIncludes(ctx, items, search) {
      const { uniqueKeys } = ctx.options;
      if (uniqueKeys === false)
        return false;
      const isEqual = typeof uniqueKeys === "function" ? uniqueKeys : (a, b) => a === b || identity.isScalar(a) && identity.isScalar(b) && a.value === b.value;
      return items.some((pair) => isEqual(pair.key, search));
    }
    exports.mapIncludes = mapIncludes;
  }
});

// node_modules/yaml/dist/compose/resolve-block-map.js
var require_resolve_block_map = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-map.js"(exports) {
    "use strict";
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    var utilMapIncludes = require_util_map_includes();
    var startColMsg = "All mapping items must start at the same column";
    function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
      const map = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      let offset = bm.offset;
      let commentEnd = null;
      for (const collItem of bm.items) {
        const { start, key, sep, value } = collItem;
        const keyProps = resolveProps.resolveProps(start, {
          indicator: "explicit-key-ind",
          next: key ?? sep?.[0],
          offset,
          onError,
          parentIndent: bm.indent,
          startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
          if (key) {
            if (key.type === "block-seq")
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "A block sequence may not be used as an implicit map key");
            else if ("indent" in key && key.indent !== bm.indent)
              onError(offset, "BAD_INDENT", startColMsg);
          }
          if (!keyProps.anchor && !keyProps.tag && !sep) {
            commentEnd = keyProps.end;
            if (keyProps.comment) {
              if (map.comment)
                map.comment += "\n" + keyProps.comment;
              else
                map.comment = keyProps.comment;
            }
            continue;
          }
          if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
            onError(key ?? start[start.length - 1], "MULTILINE_IMPLICIT_KEY", "Implicit keys need to be on a single line");
          }
        } else if (keyProps.found?.indent !== bm.indent) {
          onError(offset, "BAD_INDENT", startColMsg);
        }
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key ? composeNode(ctx, key, keyProps, onError) : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
          onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
        const valueProps = resolveProps.resolveProps(sep ?? [], {
          indicator: "map-value-ind",
          next: value,
          offset: keyNode.range[2],
          onError,
          parentIndent: bm.indent,
          startOnNewline: !key || key.type === "block-scalar"
        });
        offset = valueProps.end;
        if (valueProps.found) {
          if (implicitKey) {
            if (value?.type === "block-map" && !valueProps.hasNewline)
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "Nested mappings are not allowed in compact mappings");
            if (ctx.options.strict && keyProps.start < valueProps.found.offset - 1024)
              onError(keyNode.range, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit block mapping key");
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
          if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
          offset = valueNode.range[2];
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        } else {
          if (implicitKey)
            onError(keyNode.range, "MISSING_CHAR", "Implicit map keys need to be followed by map values");
          if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        }
      }
      if (commentEnd && commentEnd < offset)
        onError(commentEnd, "IMPOSSIBLE", "Map comment with trailing content");
      map.range = [bm.offset, offset, commentEnd ?? offset];
      return map;
    }
    exports.resolveBlockMap = resolveBlockMap;
  }
});

// node_modules/yaml/dist/compose/resolve-block-seq.js
var require_resolve_block_seq = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-seq.js"(exports) {
    "use strict";
    var YAMLSeq = require_YAMLSeq();
    var resolveProps = require_resolve_props();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
      const seq = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = bs.offset;
      let commentEnd = null;
      for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
          indicator: "seq-item-ind",
          next: value,
          offset,
          onError,
          parentIndent: bs.indent,
          startOnNewline: true
        });
        if (!props.found) {
          if (props.anchor || props.tag || value) {
            if (value?.type === "block-seq")
              onError(props.end, "BAD_INDENT", "All sequence items must start at the same column");
            else
              onError(offset, "MISSING_CHAR", "Sequence item without - indicator");
          } else {
            commentEnd = props.end;
            if (props.comment)
              seq.comment = props.comment;
            continue;
          }
        }
        const node = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
      }
      seq.range = [bs.offset, offset, commentEnd ?? offset];
      return seq;
    }
    exports.resolveBlockSeq = resolveBlockSeq;
  }
});

// node_modules/yaml/dist/compose/resolve-end.js
var require_resolve_end = __commonJS({
  "node_modules/yaml/dist/compose/resolve-end.js"(exports) {
    "use strict";
    function resolveEnd(end, offset, reqSpace, onError) {
      let comment = "";
      if (end) {
        let hasSpace = false;
        let sep = "";
        for (const token of end) {
          const { source, type } = token;
          switch (type) {
            case "space":
              hasSpace = true;
              break;
            case "comment": {
              if (reqSpace && !hasSpace)
                onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
              const cb = source.substring(1) || " ";
              if (!comment)
                comment = cb;
              else
                comment += sep + cb;
              sep = "";
              break;
            }
            case "newline":
              if (comment)
                sep += source;
              hasSpace = true;
              break;
            default:
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${type} at node end`);
          }
          offset += source.length;
        }
      }
      return { comment, offset };
    }
    exports.resolveEnd = resolveEnd;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-collection.js
var require_resolve_flow_collection = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilMapIncludes = require_util_map_includes();
    var blockMsg = "Block collections are not allowed within flow collections";
    var isBlock = (token) => token && (token.type === "block-map" || token.type === "block-seq");
    function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
      const isMap = fc.start.source === "{";
      const fcName = isMap ? "flow map" : "flow sequence";
      const NodeClass = tag?.nodeClass ?? (isMap ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq);
      const coll = new NodeClass(ctx.schema);
      coll.flow = true;
      const atRoot = ctx.atRoot;
      if (atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = fc.offset + fc.start.source.length;
      for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep, value } = collItem;
        const props = resolveProps.resolveProps(start, {
          flow: fcName,
          indicator: "explicit-key-ind",
          next: key ?? sep?.[0],
          offset,
          onError,
          parentIndent: fc.indent,
          startOnNewline: false
        });
        if (!props.found) {
          if (!props.anchor && !props.tag && !sep && !value) {
            if (i === 0 && props.comma)
              onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
            else if (i < fc.items.length - 1)
              onError(props.start, "UNEXPECTED_TOKEN", `Unexpected empty item in ${fcName}`);
            if (props.comment) {
              if (coll.comment)
                coll.comment += "\n" + props.comment;
              else
                coll.comment = props.comment;
            }
            offset = props.end;
            continue;
          }
          if (!isMap && ctx.options.strict && utilContainsNewline.containsNewline(key))
            onError(
              key,
              // checked by containsNewline()
              "MULTILINE_IMPLICIT_KEY",
              "Implicit keys of flow sequence pairs need to be on a single line"
            );
        }
        if (i === 0) {
          if (props.comma)
            onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
        } else {
          if (!props.comma)
            onError(props.start, "MISSING_CHAR", `Missing , between ${fcName} items`);
          if (props.comment) {
            let prevItemComment = "";
            loop: for (const st of start) {
              switch (st.type) {
                case "comma":
                case "space":
                  break;
                case "comment":
                  prevItemComment = st.source.substring(1);
                  break loop;
                default:
                  break loop;
              }
            }
            if (prevItemComment) {
              let prev = coll.items[coll.items.length - 1];
              if (identity.isPair(prev))
                prev = prev.value ?? prev.key;
              if (prev.comment)
                prev.comment += "\n" + prevItemComment;
              else
                prev.comment = prevItemComment;
              props.comment = props.comment.substring(prevItemComment.length + 1);
            }
          }
        }
        if (!isMap && !sep && !props.found) {
          const valueNode = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, sep, null, props, onError);
          coll.items.push(valueNode);
          offset = valueNode.range[2];
          if (isBlock(value))
            onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
        } else {
          ctx.atKey = true;
          const keyStart = props.end;
          const keyNode = key ? composeNode(ctx, key, props, onError) : composeEmptyNode(ctx, keyStart, start, null, props, onError);
          if (isBlock(key))
            onError(keyNode.range, "BLOCK_IN_FLOW", blockMsg);
          ctx.atKey = false;
          const valueProps = resolveProps.resolveProps(sep ?? [], {
            flow: fcName,
            indicator: "map-value-ind",
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
          });
          if (valueProps.found) {
            if (!isMap && !props.found && ctx.options.strict) {
              if (sep)
                for (const st of sep) {
                  if (st === valueProps.found)
                    break;
                  if (st.type === "newline") {
                    onError(st, "MULTILINE_IMPLICIT_KEY", "Implicit keys of flow sequence pairs need to be on a single line");
                    break;
                  }
                }
              if (props.start < valueProps.found.offset - 1024)
                onError(valueProps.found, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit flow sequence key");
            }
          } else if (value) {
            if ("source" in value && value.source?.[0] === ":")
              onError(value, "MISSING_CHAR", `Missing space after : in ${fcName}`);
            else
              onError(valueProps.start, "MISSING_CHAR", `Missing , or : between ${fcName} items`);
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : valueProps.found ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError) : null;
          if (valueNode) {
            if (isBlock(value))
              onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
          } else if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          if (isMap) {
            const map = coll;
            if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
              onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
            map.items.push(pair);
          } else {
            const map = new YAMLMap.YAMLMap(ctx.schema);
            map.flow = true;
            map.items.push(pair);
            const endRange = (valueNode ?? keyNode).range;
            map.range = [keyNode.range[0], endRange[1], endRange[2]];
            coll.items.push(map);
          }
          offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
      }
      const expectedEnd = isMap ? "}" : "]";
      const [ce, ...ee] = fc.end;
      let cePos = offset;
      if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
      else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot ? `${name} must end with a ${expectedEnd}` : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? "MISSING_CHAR" : "BAD_INDENT", msg);
        if (ce && ce.source.length !== 1)
          ee.unshift(ce);
      }
      if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
          if (coll.comment)
            coll.comment += "\n" + end.comment;
          else
            coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
      } else {
        coll.range = [fc.offset, cePos, cePos];
      }
      return coll;
    }
    exports.resolveFlowCollection = resolveFlowCollection;
  }
});

// node_modules/yaml/dist/compose/compose-collection.js
var require_compose_collection = __commonJS({
  "node_modules/yaml/dist/compose/compose-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveBlockMap = require_resolve_block_map();
    var resolveBlockSeq = require_resolve_block_seq();
    var resolveFlowCollection = require_resolve_flow_collection();
    function resolveCollection(CN, ctx, token, onError, tagName, tag) {
      const coll = token.type === "block-map" ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag) : token.type === "block-seq" ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag) : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
      const Coll = coll.constructor;
      if (tagName === "!" || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
      }
      if (tagName)
        coll.tag = tagName;
      return coll;
    }
    function composeCollection(CN, ctx, token, props, onError) {
      const tagToken = props.tag;
      const tagName = !tagToken ? null : ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg));
      if (token.type === "block-seq") {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken ? anchor.offset > tagToken.offset ? anchor : tagToken : anchor ?? tagToken;
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
          const message = "Missing newline after block sequence props";
          onError(lastProp, "MISSING_CHAR", message);
        }
      }
      const expType = token.type === "block-map" ? "map" : token.type === "block-seq" ? "seq" : token.start.source === "{" ? "map" : "seq";
      if (!tagToken || !tagName || tagName === "!" || tagName === YAMLMap.YAMLMap.tagName && expType === "map" || tagName === YAMLSeq.YAMLSeq.tagName && expType === "seq") {
        return resolveCollection(CN, ctx, token, onError, tagName);
      }
      let tag = ctx.schema.tags.find((t) => t.tag === tagName && t.collection === expType);
      if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
          ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
          tag = kt;
        } else {
          if (kt) {
            onError(tagToken, "BAD_COLLECTION_TYPE", `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? "scalar"}`, true);
          } else {
            onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, true);
          }
          return resolveCollection(CN, ctx, token, onError, tagName);
        }
      }
      const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
      const res = tag.resolve?.(coll, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg), ctx.options) ?? coll;
      const node = identity.isNode(res) ? res : new Scalar.Scalar(res);
      node.range = coll.range;
      node.tag = tagName;
      if (tag?.format)
        node.format = tag.format;
      return node;
    }
    exports.composeCollection = composeCollection;
  }
});

// node_modules/yaml/dist/compose/resolve-block-scalar.js
var require_resolve_block_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function resolveBlockScalar(ctx, scalar, onError) {
      const start = scalar.offset;
      const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
      if (!header)
        return { value: "", type: null, comment: "", range: [start, start, start] };
      const type = header.mode === ">" ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
      const lines = scalar.source ? splitLines(scalar.source) : [];
      let chompStart = lines.length;
      for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === "" || content === "\r")
          chompStart = i;
        else
          break;
      }
      if (chompStart === 0) {
        const value2 = header.chomp === "+" && lines.length > 0 ? "\n".repeat(Math.max(1, lines.length - 1)) : "";
        let end2 = start + header.length;
        if (scalar.source)
          end2 += scalar.source.length;
        return { value: value2, type, comment: header.comment, range: [start, end2, end2] };
      }
      let trimIndent = scalar.indent + header.indent;
      let offset = scalar.offset + header.length;
      let contentStart = 0;
      for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === "" || content === "\r") {
          if (header.indent === 0 && indent.length > trimIndent)
            trimIndent = indent.length;
        } else {
          if (indent.length < trimIndent) {
            const message = "Block scalars with more-indented leading empty lines must use an explicit indentation indicator";
            onError(offset + indent.length, "MISSING_CHAR", message);
          }
          if (header.indent === 0)
            trimIndent = indent.length;
          contentStart = i;
          if (trimIndent === 0 && !ctx.atRoot) {
            const message = "Block scalar values in collections must be indented";
            onError(offset, "BAD_INDENT", message);
          }
          break;
        }
        offset += indent.length + content.length + 1;
      }
      for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
          chompStart = i + 1;
      }
      let value = "";
      let sep = "";
      let prevMoreIndented = false;
      for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + "\n";
      for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === "\r";
        if (crlf)
          content = content.slice(0, -1);
        if (content && indent.length < trimIndent) {
          const src = header.indent ? "explicit indentation indicator" : "first line";
          const message = `Block scalar lines must not be less indented than their ${src}`;
          onError(offset - content.length - (crlf ? 2 : 1), "BAD_INDENT", message);
          indent = "";
        }
        if (type === Scalar.Scalar.BLOCK_LITERAL) {
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
        } else if (indent.length > trimIndent || content[0] === "	") {
          if (sep === " ")
            sep = "\n";
          else if (!prevMoreIndented && sep === "\n")
            sep = "\n\n";
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
          prevMoreIndented = true;
        } else if (content === "") {
          if (sep === "\n")
            value += "\n";
          else
            sep = "\n";
        } else {
          value += sep + content;
          sep = " ";
          prevMoreIndented = false;
        }
      }
      switch (header.chomp) {
        case "-":
          break;
        case "+":
          for (let i = chompStart; i < lines.length; ++i)
            value += "\n" + lines[i][0].slice(trimIndent);
          if (value[value.length - 1] !== "\n")
            value += "\n";
          break;
        default:
          value += "\n";
      }
      const end = start + header.length + scalar.source.length;
      return { value, type, comment: header.comment, range: [start, end, end] };
    }
    function parseBlockScalarHeader({ offset, props }, strict, onError) {
      if (props[0].type !== "block-scalar-header") {
        onError(props[0], "IMPOSSIBLE", "Block scalar header not found");
        return null;
      }
      const { source } = props[0];
      const mode = source[0];
      let indent = 0;
      let chomp = "";
      let error = -1;
      for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === "-" || ch === "+"))
          chomp = ch;
        else {
          const n = Number(ch);
          if (!indent && n)
            indent = n;
          else if (error === -1)
            error = offset + i;
        }
      }
      if (error !== -1)
        onError(error, "UNEXPECTED_TOKEN", `Block scalar header includes extra characters: ${source}`);
      let hasSpace = false;
      let comment = "";
      let length = source.length;
      for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
          case "space":
            hasSpace = true;
          // fallthrough
          case "newline":
            length += token.source.length;
            break;
          case "comment":
            if (strict && !hasSpace) {
              const message = "Comments must be separated from other tokens by white space characters";
              onError(token, "MISSING_CHAR", message);
            }
            length += token.source.length;
            comment = token.source.substring(1);
            break;
          case "error":
            onError(token, "UNEXPECTED_TOKEN", token.message);
            length += token.source.length;
            break;
          /* istanbul ignore next should not happen */
          default: {
            const message = `Unexpected token in block scalar header: ${token.type}`;
            onError(token, "UNEXPECTED_TOKEN", message);
            const ts = token.source;
            if (ts && typeof ts === "string")
              length += ts.length;
          }
        }
      }
      return { mode, indent, chomp, comment, length };
    }
    function splitLines(source) {
      const split = source.split(/\n( *)/);
      const first = split[0];
      const m = first.match(/^( *)/);
      const line0 = m?.[1] ? [m[1], first.slice(m[1].length)] : ["", first];
      const lines = [line0];
      for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
      return lines;
    }
    exports.resolveBlockScalar = resolveBlockScalar;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-scalar.js
var require_resolve_flow_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var resolveEnd = require_resolve_end();
    function resolveFlowScalar(scalar, strict, onError) {
      const { offset, type, source, end } = scalar;
      let _type;
      let value;
      const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
      switch (type) {
        case "scalar":
          _type = Scalar.Scalar.PLAIN;
          value = plainValue(source, _onError);
          break;
        case "single-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_SINGLE;
          value = singleQuotedValue(source, _onError);
          break;
        case "double-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_DOUBLE;
          value = doubleQuotedValue(source, _onError);
          break;
        /* istanbul ignore next should not happen */
        default:
          onError(scalar, "UNEXPECTED_TOKEN", `Expected a flow scalar value, but found: ${type}`);
          return {
            value: "",
            type: null,
            comment: "",
            range: [offset, offset + source.length, offset + source.length]
          };
      }
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
      return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
      };
    }
    function plainValue(source, onError) {
      let badChar = "";
      switch (source[0]) {
        /* istanbul ignore next should not happen */
        case "	":
          badChar = "a tab character";
          break;
        case ",":
          badChar = "flow indicator character ,";
          break;
        case "%":
          badChar = "directive indicator character %";
          break;
        case "|":
        case ">": {
          badChar = `block scalar indicator ${source[0]}`;
          break;
        }
        case "@":
        case "`": {
          badChar = `reserved character ${source[0]}`;
          break;
        }
      }
      if (badChar)
        onError(0, "BAD_SCALAR_START", `Plain value cannot start with ${badChar}`);
      return unfoldLines(source);
    }
    function singleQuotedValue(source, onError) {
      if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, "MISSING_CHAR", "Missing closing 'quote");
      return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
    }
    function unfoldLines(source) {
      const line = /(.*?)\r?\n/sy;
      let match = line.exec(source);
      if (!match)
        return source;
      let trimEnd, trimBoth;
      try {
        trimEnd = new RegExp("(?<![ 	])[ 	]+$");
        trimBoth = new RegExp("^[ 	]+|(?<![ 	])[ 	]+$", "g");
      } catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
      }
      let res = match[1].replace(trimEnd, "");
      let sep = " ";
      let pos = line.lastIndex;
      while (match = line.exec(source)) {
        const lm = match[1].replace(trimBoth, "");
        if (lm === "") {
          if (sep === "\n")
            res += sep;
          else
            sep = "\n";
        } else {
          res += sep + lm;
          sep = " ";
        }
        pos = line.lastIndex;
      }
      const last = /[ \t]*(.*)/sy;
      last.lastIndex = pos;
      match = last.exec(source);
      return res + sep + (match?.[1] ?? "");
    }
    function doubleQuotedValue(source, onError) {
      let res = "";
      for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === "\r" && source[i + 1] === "\n")
          continue;
        if (ch === "\n") {
          const { fold, offset } = foldNewline(source, i);
          res += fold;
          i = offset;
        } else if (ch === "\\") {
          let next = source[++i];
          const cc = escapeCodes[next];
          if (cc)
            res += cc;
          else if (next === "\n") {
            next = source[i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "\r" && source[i + 1] === "\n") {
            next = source[++i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "x" || next === "u" || next === "U") {
            const length = next === "x" ? 2 : next === "u" ? 4 : 8;
            res += parseCharCode(source, i + 1, length, onError);
            i += length;
          } else {
            const raw = source.substr(i - 1, 2);
            onError(i - 1, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
            res += raw;
          }
        } else if (ch === " " || ch === "	") {
          const wsStart = i;
          let next = source[i + 1];
          while (next === " " || next === "	")
            next = source[++i + 1];
          if (next !== "\n" && !(next === "\r" && source[i + 2] === "\n"))
            res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        } else {
          res += ch;
        }
      }
      if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, "MISSING_CHAR", 'Missing closing "quote');
      return res;
    }
    function foldNewline(source, offset) {
      let fold = "";
      let ch = source[offset + 1];
      while (ch === " " || ch === "	" || ch === "\n" || ch === "\r") {
        if (ch === "\r" && source[offset + 2] !== "\n")
          break;
        if (ch === "\n")
          fold += "\n";
        offset += 1;
        ch = source[offset + 1];
      }
      if (!fold)
        fold = " ";
      return { fold, offset };
    }
    var escapeCodes = {
      "0": "\0",
      // null character
      a: "\x07",
      // bell character
      b: "\b",
      // backspace
      e: "\x1B",
      // escape character
      f: "\f",
      // form feed
      n: "\n",
      // line feed
      r: "\r",
      // carriage return
      t: "	",
      // horizontal tab
      v: "\v",
      // vertical tab
      N: "\x85",
      // Unicode next line
      _: "\xA0",
      // Unicode non-breaking space
      L: "\u2028",
      // Unicode line separator
      P: "\u2029",
      // Unicode paragraph separator
      " ": " ",
      '"': '"',
      "/": "/",
      "\\": "\\",
      "	": "	"
    };
    function parseCharCode(source, offset, length, onError) {
      const cc = source.substr(offset, length);
      const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
      const code = ok ? parseInt(cc, 16) : NaN;
      try {
        return String.fromCodePoint(code);
      } catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
        return raw;
      }
    }
    exports.resolveFlowScalar = resolveFlowScalar;
  }
});

// node_modules/yaml/dist/compose/compose-scalar.js
var require_compose_scalar = __commonJS({
  "node_modules/yaml/dist/compose/compose-scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    function composeScalar(ctx, token, tagToken, onError) {
      const { value, type, comment, range } = token.type === "block-scalar" ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError) : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
      const tagName = tagToken ? ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg)) : null;
      let tag;
      if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
      } else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
      else if (token.type === "scalar")
        tag = findScalarTagByTest(ctx, value, token, onError);
      else
        tag = ctx.schema[identity.SCALAR];
      let scalar;
      try {
        const res = tag.resolve(value, (msg) => onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
      } catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg);
        scalar = new Scalar.Scalar(value);
      }
      scalar.range = range;
      scalar.source = value;
      if (type)
        scalar.type = type;
      if (tagName)
        scalar.tag = tagName;
      if (tag.format)
        scalar.format = tag.format;
      if (comment)
        scalar.comment = comment;
      return scalar;
    }
    function findScalarTagByName(schema, value, tagName, tagToken, onError) {
      if (tagName === "!")
        return schema[identity.SCALAR];
      const matchWithTest = [];
      for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
          if (tag.default && tag.test)
            matchWithTest.push(tag);
          else
            return tag;
        }
      }
      for (const tag of matchWithTest)
        if (tag.test?.test(value))
          return tag;
      const kt = schema.knownTags[tagName];
      if (kt && !kt.collection) {
        schema.tags.push(Object.assign({}, kt, { default: false, test: void 0 }));
        return kt;
      }
      onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, tagName !== "tag:yaml.org,2002:str");
      return schema[identity.SCALAR];
    }
    function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
      const tag = schema.tags.find((tag2) => (tag2.default === true || atKey && tag2.default === "key") && tag2.test?.test(value)) || schema[identity.SCALAR];
      if (schema.compat) {
        const compat = schema.compat.find((tag2) => tag2.default && tag2.test?.test(value)) ?? schema[identity.SCALAR];
        if (tag.tag !== compat.tag) {
          const ts = directives.tagString(tag.tag);
          const cs = directives.tagString(compat.tag);
          const msg = `Value may be parsed as either ${ts} or ${cs}`;
          onError(token, "TAG_RESOLVE_FAILED", msg, true);
        }
      }
      return tag;
    }
    exports.composeScalar = composeScalar;
  }
});

// node_modules/yaml/dist/compose/util-empty-scalar-position.js
var require_util_empty_scalar_position = __commonJS({
  "node_modules/yaml/dist/compose/util-empty-scalar-position.js"(exports) {
    "use strict";
    function emptyScalarPosition(offset, before, pos) {
      if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
          let st = before[i];
          switch (st.type) {
            case "space":
            case "comment":
            case "newline":
              offset -= st.source.length;
              continue;
          }
          st = before[++i];
          while (st?.type === "space") {
            offset += st.source.length;
            st = before[++i];
          }
          break;
        }
      }
      return offset;
    }
    exports.emptyScalarPosition = emptyScalarPosition;
  }
});

// node_modules/yaml/dist/compose/compose-node.js
var require_compose_node = __commonJS({
  "node_modules/yaml/dist/compose/compose-node.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var composeCollection = require_compose_collection();
    var composeScalar = require_compose_scalar();
    var resolveEnd = require_resolve_end();
    var utilEmptyScalarPosition = require_util_empty_scalar_position();
    var CN = { composeNode, composeEmptyNode };
    function composeNode(ctx, token, props, onError) {
      const atKey = ctx.atKey;
      const { spaceBefore, comment, anchor, tag } = props;
      let node;
      let isSrcToken = true;
      switch (token.type) {
        case "alias":
          node = composeAlias(ctx, token, onError);
          if (anchor || tag)
            onError(token, "ALIAS_PROPS", "An alias node must not specify any properties");
          break;
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "block-scalar":
          node = composeScalar.composeScalar(ctx, token, tag, onError);
          if (anchor)
            node.anchor = anchor.source.substring(1);
          break;
        case "block-map":
        case "block-seq":
        case "flow-collection":
          try {
            node = composeCollection.composeCollection(CN, ctx, token, props, onError);
            if (anchor)
              node.anchor = anchor.source.substring(1);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            onError(token, "RESOURCE_EXHAUSTION", message);
          }
          break;
        default: {
          const message = token.type === "error" ? token.message : `Unsupported token (type: ${token.type})`;
          onError(token, "UNEXPECTED_TOKEN", message);
          isSrcToken = false;
        }
      }
      node ?? (node = composeEmptyNode(ctx, token.offset, void 0, null, props, onError));
      if (anchor && node.anchor === "")
        onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      if (atKey && ctx.options.stringKeys && (!identity.isScalar(node) || typeof node.value !== "string" || node.tag && node.tag !== "tag:yaml.org,2002:str")) {
        const msg = "With stringKeys, all keys must be strings";
        onError(tag ?? token, "NON_STRING_KEY", msg);
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        if (token.type === "scalar" && token.source === "")
          node.comment = comment;
        else
          node.commentBefore = comment;
      }
      if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
      return node;
    }
    function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
      const token = {
        type: "scalar",
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ""
      };
      const node = composeScalar.composeScalar(ctx, token, tag, onError);
      if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === "")
          onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        node.comment = comment;
        node.range[2] = end;
      }
      return node;
    }
    function composeAlias({ options }, { offset, source, end }, onError) {
      const alias = new Alias.Alias(source.substring(1));
      if (alias.source === "")
        onError(offset, "BAD_ALIAS", "Alias cannot be an empty string");
      if (alias.source.endsWith(":"))
        onError(offset + source.length - 1, "BAD_ALIAS", "Alias ending in : is ambiguous", true);
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
      alias.range = [offset, valueEnd, re.offset];
      if (re.comment)
        alias.comment = re.comment;
      return alias;
    }
    exports.composeEmptyNode = composeEmptyNode;
    exports.composeNode = composeNode;
  }
});

// node_modules/yaml/dist/compose/compose-doc.js
var require_compose_doc = __commonJS({
  "node_modules/yaml/dist/compose/compose-doc.js"(exports) {
    "use strict";
    var Document = require_Document();
    var composeNode = require_compose_node();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    function composeDoc(options, directives, { offset, start, value, end }, onError) {
      const opts = Object.assign({ _directives: directives }, options);
      const doc = new Document.Document(void 0, opts);
      const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
      };
      const props = resolveProps.resolveProps(start, {
        indicator: "doc-start",
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
      });
      if (props.found) {
        doc.directives.docStart = true;
        if (value && (value.type === "block-map" || value.type === "block-seq") && !props.hasNewline)
          onError(props.end, "MISSING_CHAR", "Block collection cannot start on same line with directives-end marker");
      }
      doc.contents = value ? composeNode.composeNode(ctx, value, props, onError) : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
      const contentEnd = doc.contents.range[2];
      const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
      if (re.comment)
        doc.comment = re.comment;
      doc.range = [offset, contentEnd, re.offset];
      return doc;
    }
    exports.composeDoc = composeDoc;
  }
});

// node_modules/yaml/dist/compose/composer.js
var require_composer = __commonJS({
  "node_modules/yaml/dist/compose/composer.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var directives = require_directives();
    var Document = require_Document();
    var errors = require_errors();
    var identity = require_identity();
    var composeDoc = require_compose_doc();
    var resolveEnd = require_resolve_end();
    function getErrorPos(src) {
      if (typeof src === "number")
        return [src, src + 1];
      if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
      const { offset, source } = src;
      return [offset, offset + (typeof source === "string" ? source.length : 1)];
    }
    function parsePrelude(prelude) {
      let comment = "";
      let atComment = false;
      let afterEmptyLine = false;
      for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
          case "#":
            comment += (comment === "" ? "" : afterEmptyLine ? "\n\n" : "\n") + (source.substring(1) || " ");
            atComment = true;
            afterEmptyLine = false;
            break;
          case "%":
            if (prelude[i + 1]?.[0] !== "#")
              i += 1;
            atComment = false;
            break;
          default:
            if (!atComment)
              afterEmptyLine = true;
            atComment = false;
        }
      }
      return { comment, afterEmptyLine };
    }
    var Composer = class {
      constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
          const pos = getErrorPos(source);
          if (warning)
            this.warnings.push(new errors.YAMLWarning(pos, code, message));
          else
            this.errors.push(new errors.YAMLParseError(pos, code, message));
        };
        this.directives = new directives.Directives({ version: options.version || "1.2" });
        this.options = options;
      }
      decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        if (comment) {
          const dc = doc.contents;
          if (afterDoc) {
            doc.comment = doc.comment ? `${doc.comment}
${comment}` : comment;
          } else if (afterEmptyLine || doc.directives.docStart || !dc) {
            doc.commentBefore = comment;
          } else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
            let it = dc.items[0];
            if (identity.isPair(it))
              it = it.key;
            const cb = it.commentBefore;
            it.commentBefore = cb ? `${comment}
${cb}` : comment;
          } else {
            const cb = dc.commentBefore;
            dc.commentBefore = cb ? `${comment}
${cb}` : comment;
          }
        }
        if (afterDoc) {
          for (let i = 0; i < this.errors.length; ++i)
            doc.errors.push(this.errors[i]);
          for (let i = 0; i < this.warnings.length; ++i)
            doc.warnings.push(this.warnings[i]);
        } else {
          doc.errors = this.errors;
          doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
      }
      /**
       * Current stream status information.
       *
       * Mostly useful at the end of input for an empty stream.
       */
      streamInfo() {
        return {
          comment: parsePrelude(this.prelude).comment,
          directives: this.directives,
          errors: this.errors,
          warnings: this.warnings
        };
      }
      /**
       * Compose tokens into documents.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
          yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
      }
      /** Advance the composer by one CST token. */
      *next(token) {
        if (node_process.env.LOG_STREAM)
          console.dir(token, { depth: null });
        switch (token.type) {
          case "directive":
            this.directives.add(token.source, (offset, message, warning) => {
              const pos = getErrorPos(token);
              pos[0] += offset;
              this.onError(pos, "BAD_DIRECTIVE", message, warning);
            });
            this.prelude.push(token.source);
            this.atDirectives = true;
            break;
          case "document": {
            const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
            if (this.atDirectives && !doc.directives.docStart)
              this.onError(token, "MISSING_CHAR", "Missing directives-end/doc-start indicator line");
            this.decorate(doc, false);
            if (this.doc)
              yield this.doc;
            this.doc = doc;
            this.atDirectives = false;
            break;
          }
          case "byte-order-mark":
          case "space":
            break;
          case "comment":
          case "newline":
            this.prelude.push(token.source);
            break;
          case "error": {
            const msg = token.source ? `${token.message}: ${JSON.stringify(token.source)}` : token.message;
            const error = new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg);
            if (this.atDirectives || !this.doc)
              this.errors.push(error);
            else
              this.doc.errors.push(error);
            break;
          }
          case "doc-end": {
            if (!this.doc) {
              const msg = "Unexpected doc-end without preceding document";
              this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg));
              break;
            }
            this.doc.directives.docEnd = true;
            const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
            this.decorate(this.doc, true);
            if (end.comment) {
              const dc = this.doc.comment;
              this.doc.comment = dc ? `${dc}
${end.comment}` : end.comment;
            }
            this.doc.range[2] = end.offset;
            break;
          }
          default:
            this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", `Unsupported token ${token.type}`));
        }
      }
      /**
       * Call at end of input to yield any remaining document.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
          this.decorate(this.doc, true);
          yield this.doc;
          this.doc = null;
        } else if (forceDoc) {
          const opts = Object.assign({ _directives: this.directives }, this.options);
          const doc = new Document.Document(void 0, opts);
          if (this.atDirectives)
            this.onError(endOffset, "MISSING_CHAR", "Missing directives-end indicator line");
          doc.range = [0, endOffset, endOffset];
          this.decorate(doc, false);
          yield doc;
        }
      }
    };
    exports.Composer = Composer;
  }
});

// node_modules/yaml/dist/parse/cst-scalar.js
var require_cst_scalar = __commonJS({
  "node_modules/yaml/dist/parse/cst-scalar.js"(exports) {
    "use strict";
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    var errors = require_errors();
    var stringifyString = require_stringifyString();
    function resolveAsScalar(token, strict = true, onError) {
      if (token) {
        const _onError = (pos, code, message) => {
          const offset = typeof pos === "number" ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
          if (onError)
            onError(offset, code, message);
          else
            throw new errors.YAMLParseError([offset, offset + 1], code, message);
        };
        switch (token.type) {
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
          case "block-scalar":
            return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
      }
      return null;
    }
    function createScalarToken(value, context) {
      const { implicitKey = false, indent, inFlow = false, offset = -1, type = "PLAIN" } = context;
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      const end = context.end ?? [
        { type: "newline", offset: -1, indent, source: "\n" }
      ];
      switch (source[0]) {
        case "|":
        case ">": {
          const he = source.indexOf("\n");
          const head = source.substring(0, he);
          const body = source.substring(he + 1) + "\n";
          const props = [
            { type: "block-scalar-header", offset, indent, source: head }
          ];
          if (!addEndtoBlockProps(props, end))
            props.push({ type: "newline", offset: -1, indent, source: "\n" });
          return { type: "block-scalar", offset, indent, props, source: body };
        }
        case '"':
          return { type: "double-quoted-scalar", offset, indent, source, end };
        case "'":
          return { type: "single-quoted-scalar", offset, indent, source, end };
        default:
          return { type: "scalar", offset, indent, source, end };
      }
    }
    function setScalarValue(token, value, context = {}) {
      let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
      let indent = "indent" in token ? token.indent : null;
      if (afterKey && typeof indent === "number")
        indent += 2;
      if (!type)
        switch (token.type) {
          case "single-quoted-scalar":
            type = "QUOTE_SINGLE";
            break;
          case "double-quoted-scalar":
            type = "QUOTE_DOUBLE";
            break;
          case "block-scalar": {
            const header = token.props[0];
            if (header.type !== "block-scalar-header")
              throw new Error("Invalid block scalar header");
            type = header.source[0] === ">" ? "BLOCK_FOLDED" : "BLOCK_LITERAL";
            break;
          }
          default:
            type = "PLAIN";
        }
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      switch (source[0]) {
        case "|":
        case ">":
          setBlockScalarValue(token, source);
          break;
        case '"':
          setFlowScalarValue(token, source, "double-quoted-scalar");
          break;
        case "'":
          setFlowScalarValue(token, source, "single-quoted-scalar");
          break;
        default:
          setFlowScalarValue(token, source, "scalar");
      }
    }
    function setBlockScalarValue(token, source) {
      const he = source.indexOf("\n");
      const head = source.substring(0, he);
      const body = source.substring(he + 1) + "\n";
      if (token.type === "block-scalar") {
        const header = token.props[0];
        if (header.type !== "block-scalar-header")
          throw new Error("Invalid block scalar header");
        header.source = head;
        token.source = body;
      } else {
        const { offset } = token;
        const indent = "indent" in token ? token.indent : -1;
        const props = [
          { type: "block-scalar-header", offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, "end" in token ? token.end : void 0))
          props.push({ type: "newline", offset: -1, indent, source: "\n" });
        for (const key of Object.keys(token))
          if (key !== "type" && key !== "offset")
            delete token[key];
        Object.assign(token, { type: "block-scalar", indent, props, source: body });
      }
    }
    function addEndtoBlockProps(props, end) {
      if (end)
        for (const st of end)
          switch (st.type) {
            case "space":
            case "comment":
              props.push(st);
              break;
            case "newline":
              props.push(st);
              return true;
          }
      return false;
    }
    function setFlowScalarValue(token, source, type) {
      switch (token.type) {
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          token.type = type;
          token.source = source;
          break;
        case "block-scalar": {
          const end = token.props.slice(1);
          let oa = source.length;
          if (token.props[0].type === "block-scalar-header")
            oa -= token.props[0].source.length;
          for (const tok of end)
            tok.offset += oa;
          delete token.props;
          Object.assign(token, { type, source, end });
          break;
        }
        case "block-map":
        case "block-seq": {
          const offset = token.offset + source.length;
          const nl = { type: "newline", offset, indent: token.indent, source: "\n" };
          delete token.items;
          Object.assign(token, { type, source, end: [nl] });
          break;
        }
        default: {
          const indent = "indent" in token ? token.indent : -1;
          const end = "end" in token && Array.isArray(token.end) ? token.end.filter((st) => st.type === "space" || st.type === "comment" || st.type === "newline") : [];
          for (const key of Object.keys(token))
            if (key !== "type" && key !== "offset")
              delete token[key];
          Object.assign(token, { type, indent, source, end });
        }
      }
    }
    exports.createScalarToken = createScalarToken;
    exports.resolveAsScalar = resolveAsScalar;
    exports.setScalarValue = setScalarValue;
  }
});

// node_modules/yaml/dist/parse/cst-stringify.js
var require_cst_stringify = __commonJS({
  "node_modules/yaml/dist/parse/cst-stringify.js"(exports) {
    "use strict";
    var stringify2 = (cst) => "type" in cst ? stringifyToken(cst) : stringifyItem(cst);
    function stringifyToken(token) {
      switch (token.type) {
        case "block-scalar": {
          let res = "";
          for (const tok of token.props)
            res += stringifyToken(tok);
          return res + token.source;
        }
        case "block-map":
        case "block-seq": {
          let res = "";
          for (const item of token.items)
            res += stringifyItem(item);
          return res;
        }
        case "flow-collection": {
          let res = token.start.source;
          for (const item of token.items)
            res += stringifyItem(item);
          for (const st of token.end)
            res += st.source;
          return res;
        }
        case "document": {
          let res = stringifyItem(token);
          if (token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
        default: {
          let res = token.source;
          if ("end" in token && token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
      }
    }
    function stringifyItem({ start, key, sep, value }) {
      let res = "";
      for (const st of start)
        res += st.source;
      if (key)
        res += stringifyToken(key);
      if (sep)
        for (const st of sep)
          res += st.source;
      if (value)
        res += stringifyToken(value);
      return res;
    }
    exports.stringify = stringify2;
  }
});

// node_modules/yaml/dist/parse/cst-visit.js
var require_cst_visit = __commonJS({
  "node_modules/yaml/dist/parse/cst-visit.js"(exports) {
    "use strict";
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove item");
    function visit(cst, visitor) {
      if ("type" in cst && cst.type === "document")
        cst = { start: cst.start, value: cst.value };
      _visit(Object.freeze([]), cst, visitor);
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    visit.itemAtPath = (cst, path8) => {
      let item = cst;
      for (const [field, index] of path8) {
        const tok = item?.[field];
        if (tok && "items" in tok) {
          item = tok.items[index];
        } else
          return void 0;
      }
      return item;
    };
    visit.parentCollection = (cst, path8) => {
      const parent = visit.itemAtPath(cst, path8.slice(0, -1));
      const field = path8[path8.length - 1][0];
      const coll = parent?.[field];
      if (coll && "items" in coll)
        return coll;
      throw new Error("Parent collection not found");
    };
    function _visit(path8, item, visitor) {
      let ctrl = visitor(item, path8);
      if (typeof ctrl === "symbol")
        return ctrl;
      for (const field of ["key", "value"]) {
        const token = item[field];
        if (token && "items" in token) {
          for (let i = 0; i < token.items.length; ++i) {
            const ci = _visit(Object.freeze(path8.concat([[field, i]])), token.items[i], visitor);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              token.items.splice(i, 1);
              i -= 1;
            }
          }
          if (typeof ctrl === "function" && field === "key")
            ctrl = ctrl(item, path8);
        }
      }
      return typeof ctrl === "function" ? ctrl(item, path8) : ctrl;
    }
    exports.visit = visit;
  }
});

// node_modules/yaml/dist/parse/cst.js
var require_cst = __commonJS({
  "node_modules/yaml/dist/parse/cst.js"(exports) {
    "use strict";
    var cstScalar = require_cst_scalar();
    var cstStringify = require_cst_stringify();
    var cstVisit = require_cst_visit();
    var BOM = "\uFEFF";
    var DOCUMENT = "";
    var FLOW_END = "";
    var SCALAR = "";
    var isCollection = (token) => !!token && "items" in token;
    var isScalar = (token) => !!token && (token.type === "scalar" || token.type === "single-quoted-scalar" || token.type === "double-quoted-scalar" || token.type === "block-scalar");
    function prettyToken(token) {
      switch (token) {
        case BOM:
          return "<BOM>";
        case DOCUMENT:
          return "<DOC>";
        case FLOW_END:
          return "<FLOW_END>";
        case SCALAR:
          return "<SCALAR>";
        default:
          return JSON.stringify(token);
      }
    }
    function tokenType(source) {
      switch (source) {
        case BOM:
          return "byte-order-mark";
        case DOCUMENT:
          return "doc-mode";
        case FLOW_END:
          return "flow-error-end";
        case SCALAR:
          return "scalar";
        case "---":
          return "doc-start";
        case "...":
          return "doc-end";
        case "":
        case "\n":
        case "\r\n":
          return "newline";
        case "-":
          return "seq-item-ind";
        case "?":
          return "explicit-key-ind";
        case ":":
          return "map-value-ind";
        case "{":
          return "flow-map-start";
        case "}":
          return "flow-map-end";
        case "[":
          return "flow-seq-start";
        case "]":
          return "flow-seq-end";
        case ",":
          return "comma";
      }
      switch (source[0]) {
        case " ":
        case "	":
          return "space";
        case "#":
          return "comment";
        case "%":
          return "directive-line";
        case "*":
          return "alias";
        case "&":
          return "anchor";
        case "!":
          return "tag";
        case "'":
          return "single-quoted-scalar";
        case '"':
          return "double-quoted-scalar";
        case "|":
        case ">":
          return "block-scalar-header";
      }
      return null;
    }
    exports.createScalarToken = cstScalar.createScalarToken;
    exports.resolveAsScalar = cstScalar.resolveAsScalar;
    exports.setScalarValue = cstScalar.setScalarValue;
    exports.stringify = cstStringify.stringify;
    exports.visit = cstVisit.visit;
    exports.BOM = BOM;
    exports.DOCUMENT = DOCUMENT;
    exports.FLOW_END = FLOW_END;
    exports.SCALAR = SCALAR;
    exports.isCollection = isCollection;
    exports.isScalar = isScalar;
    exports.prettyToken = prettyToken;
    exports.tokenType = tokenType;
  }
});

// node_modules/yaml/dist/parse/lexer.js
var require_lexer = __commonJS({
  "node_modules/yaml/dist/parse/lexer.js"(exports) {
    "use strict";
    var cst = require_cst();
    function isEmpty(ch) {
      switch (ch) {
        case void 0:
        case " ":
        case "\n":
        case "\r":
        case "	":
          return true;
        default:
          return false;
      }
    }
    var hexDigits = new Set("0123456789ABCDEFabcdef");
    var tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
    var flowIndicatorChars = new Set(",[]{}");
    var invalidAnchorChars = new Set(" ,[]{}\n\r	");
    var isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
    var Lexer = class {
      constructor() {
        this.atEnd = false;
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        this.buffer = "";
        this.flowKey = false;
        this.flowLevel = 0;
        this.indentNext = 0;
        this.indentValue = 0;
        this.lineEndPos = null;
        this.next = null;
        this.pos = 0;
      }
      /**
       * Generate YAML tokens from the `source` string. If `incomplete`,
       * a part of the last line may be left as a buffer for the next call.
       *
       * @returns A generator of lexical tokens
       */
      *lex(source, incomplete = false) {
        if (source) {
          if (typeof source !== "string")
            throw TypeError("source is not a string");
          this.buffer = this.buffer ? this.buffer + source : source;
          this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? "stream";
        while (next && (incomplete || this.hasChars(1)))
          next = yield* this.parseNext(next);
      }
      atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === " " || ch === "	")
          ch = this.buffer[++i];
        if (!ch || ch === "#" || ch === "\n")
          return true;
        if (ch === "\r")
          return this.buffer[i + 1] === "\n";
        return false;
      }
      charAt(n) {
        return this.buffer[this.pos + n];
      }
      continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
          let indent = 0;
          while (ch === " ")
            ch = this.buffer[++indent + offset];
          if (ch === "\r") {
            const next = this.buffer[indent + offset + 1];
            if (next === "\n" || !next && !this.atEnd)
              return offset + indent + 1;
          }
          return ch === "\n" || indent >= this.indentNext || !ch && !this.atEnd ? offset + indent : -1;
        }
        if (ch === "-" || ch === ".") {
          const dt = this.buffer.substr(offset, 3);
          if ((dt === "---" || dt === "...") && isEmpty(this.buffer[offset + 3]))
            return -1;
        }
        return offset;
      }
      getLine() {
        let end = this.lineEndPos;
        if (typeof end !== "number" || end !== -1 && end < this.pos) {
          end = this.buffer.indexOf("\n", this.pos);
          this.lineEndPos = end;
        }
        if (end === -1)
          return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === "\r")
          end -= 1;
        return this.buffer.substring(this.pos, end);
      }
      hasChars(n) {
        return this.pos + n <= this.buffer.length;
      }
      setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
      }
      peek(n) {
        return this.buffer.substr(this.pos, n);
      }
      *parseNext(next) {
        switch (next) {
          case "stream":
            return yield* this.parseStream();
          case "line-start":
            return yield* this.parseLineStart();
          case "block-start":
            return yield* this.parseBlockStart();
          case "doc":
            return yield* this.parseDocument();
          case "flow":
            return yield* this.parseFlowCollection();
          case "quoted-scalar":
            return yield* this.parseQuotedScalar();
          case "block-scalar":
            return yield* this.parseBlockScalar();
          case "plain-scalar":
            return yield* this.parsePlainScalar();
        }
      }
      *parseStream() {
        let line = this.getLine();
        if (line === null)
          return this.setNext("stream");
        if (line[0] === cst.BOM) {
          yield* this.pushCount(1);
          line = line.substring(1);
        }
        if (line[0] === "%") {
          let dirEnd = line.length;
          let cs = line.indexOf("#");
          while (cs !== -1) {
            const ch = line[cs - 1];
            if (ch === " " || ch === "	") {
              dirEnd = cs - 1;
              break;
            } else {
              cs = line.indexOf("#", cs + 1);
            }
          }
          while (true) {
            const ch = line[dirEnd - 1];
            if (ch === " " || ch === "	")
              dirEnd -= 1;
            else
              break;
          }
          const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
          yield* this.pushCount(line.length - n);
          this.pushNewline();
          return "stream";
        }
        if (this.atLineEnd()) {
          const sp = yield* this.pushSpaces(true);
          yield* this.pushCount(line.length - sp);
          yield* this.pushNewline();
          return "stream";
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
      }
      *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
          return this.setNext("line-start");
        if (ch === "-" || ch === ".") {
          if (!this.atEnd && !this.hasChars(4))
            return this.setNext("line-start");
          const s = this.peek(3);
          if ((s === "---" || s === "...") && isEmpty(this.charAt(3))) {
            yield* this.pushCount(3);
            this.indentValue = 0;
            this.indentNext = 0;
            return s === "---" ? "doc" : "stream";
          }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
          this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
      }
      *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
          return this.setNext("block-start");
        if ((ch0 === "-" || ch0 === "?" || ch0 === ":") && isEmpty(ch1)) {
          const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
          this.indentNext = this.indentValue + 1;
          this.indentValue += n;
          return "block-start";
        }
        return "doc";
      }
      *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
          return this.setNext("doc");
        let n = yield* this.pushIndicators();
        switch (line[n]) {
          case "#":
            yield* this.pushCount(line.length - n);
          // fallthrough
          case void 0:
            yield* this.pushNewline();
            return yield* this.parseLineStart();
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel = 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            return "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "doc";
          case '"':
          case "'":
            return yield* this.parseQuotedScalar();
          case "|":
          case ">":
            n += yield* this.parseBlockScalarHeader();
            n += yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - n);
            yield* this.pushNewline();
            return yield* this.parseBlockScalar();
          default:
            return yield* this.parsePlainScalar();
        }
      }
      *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
          nl = yield* this.pushNewline();
          if (nl > 0) {
            sp = yield* this.pushSpaces(false);
            this.indentValue = indent = sp;
          } else {
            sp = 0;
          }
          sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
          return this.setNext("flow");
        if (indent !== -1 && indent < this.indentNext && line[0] !== "#" || indent === 0 && (line.startsWith("---") || line.startsWith("...")) && isEmpty(line[3])) {
          const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (line[0] === "]" || line[0] === "}");
          if (!atFlowEndMarker) {
            this.flowLevel = 0;
            yield cst.FLOW_END;
            return yield* this.parseLineStart();
          }
        }
        let n = 0;
        while (line[n] === ",") {
          n += yield* this.pushCount(1);
          n += yield* this.pushSpaces(true);
          this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
          case void 0:
            return "flow";
          case "#":
            yield* this.pushCount(line.length - n);
            return "flow";
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel += 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            this.flowKey = true;
            this.flowLevel -= 1;
            return this.flowLevel ? "flow" : "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "flow";
          case '"':
          case "'":
            this.flowKey = true;
            return yield* this.parseQuotedScalar();
          case ":": {
            const next = this.charAt(1);
            if (this.flowKey || isEmpty(next) || next === ",") {
              this.flowKey = false;
              yield* this.pushCount(1);
              yield* this.pushSpaces(true);
              return "flow";
            }
          }
          // fallthrough
          default:
            this.flowKey = false;
            return yield* this.parsePlainScalar();
        }
      }
      *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
          while (end !== -1 && this.buffer[end + 1] === "'")
            end = this.buffer.indexOf("'", end + 2);
        } else {
          while (end !== -1) {
            let n = 0;
            while (this.buffer[end - 1 - n] === "\\")
              n += 1;
            if (n % 2 === 0)
              break;
            end = this.buffer.indexOf('"', end + 1);
          }
        }
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf("\n", this.pos);
        if (nl !== -1) {
          while (nl !== -1) {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = qb.indexOf("\n", cs);
          }
          if (nl !== -1) {
            end = nl - (qb[nl - 1] === "\r" ? 2 : 1);
          }
        }
        if (end === -1) {
          if (!this.atEnd)
            return this.setNext("quoted-scalar");
          end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? "flow" : "doc";
      }
      *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
          const ch = this.buffer[++i];
          if (ch === "+")
            this.blockScalarKeep = true;
          else if (ch > "0" && ch <= "9")
            this.blockScalarIndent = Number(ch) - 1;
          else if (ch !== "-")
            break;
        }
        return yield* this.pushUntil((ch) => isEmpty(ch) || ch === "#");
      }
      *parseBlockScalar() {
        let nl = this.pos - 1;
        let indent = 0;
        let ch;
        loop: for (let i2 = this.pos; ch = this.buffer[i2]; ++i2) {
          switch (ch) {
            case " ":
              indent += 1;
              break;
            case "\n":
              nl = i2;
              indent = 0;
              break;
            case "\r": {
              const next = this.buffer[i2 + 1];
              if (!next && !this.atEnd)
                return this.setNext("block-scalar");
              if (next === "\n")
                break;
            }
            // fallthrough
            default:
              break loop;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("block-scalar");
        if (indent >= this.indentNext) {
          if (this.blockScalarIndent === -1)
            this.indentNext = indent;
          else {
            this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
          }
          do {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = this.buffer.indexOf("\n", cs);
          } while (nl !== -1);
          if (nl === -1) {
            if (!this.atEnd)
              return this.setNext("block-scalar");
            nl = this.buffer.length;
          }
        }
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === " ")
          ch = this.buffer[++i];
        if (ch === "	") {
          while (ch === "	" || ch === " " || ch === "\r" || ch === "\n")
            ch = this.buffer[++i];
          nl = i - 1;
        } else if (!this.blockScalarKeep) {
          do {
            let i2 = nl - 1;
            let ch2 = this.buffer[i2];
            if (ch2 === "\r")
              ch2 = this.buffer[--i2];
            const lastChar = i2;
            while (ch2 === " ")
              ch2 = this.buffer[--i2];
            if (ch2 === "\n" && i2 >= this.pos && i2 + 1 + indent > lastChar)
              nl = i2;
            else
              break;
          } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
      }
      *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while (ch = this.buffer[++i]) {
          if (ch === ":") {
            const next = this.buffer[i + 1];
            if (isEmpty(next) || inFlow && flowIndicatorChars.has(next))
              break;
            end = i;
          } else if (isEmpty(ch)) {
            let next = this.buffer[i + 1];
            if (ch === "\r") {
              if (next === "\n") {
                i += 1;
                ch = "\n";
                next = this.buffer[i + 1];
              } else
                end = i;
            }
            if (next === "#" || inFlow && flowIndicatorChars.has(next))
              break;
            if (ch === "\n") {
              const cs = this.continueScalar(i + 1);
              if (cs === -1)
                break;
              i = Math.max(i, cs - 2);
            }
          } else {
            if (inFlow && flowIndicatorChars.has(ch))
              break;
            end = i;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("plain-scalar");
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? "flow" : "doc";
      }
      *pushCount(n) {
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos += n;
          return n;
        }
        return 0;
      }
      *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
          yield s;
          this.pos += s.length;
          return s.length;
        } else if (allowEmpty)
          yield "";
        return 0;
      }
      *pushIndicators() {
        let n = 0;
        loop: while (true) {
          switch (this.charAt(0)) {
            case "!":
              n += yield* this.pushTag();
              n += yield* this.pushSpaces(true);
              continue loop;
            case "&":
              n += yield* this.pushUntil(isNotAnchorChar);
              n += yield* this.pushSpaces(true);
              continue loop;
            case "-":
            // this is an error
            case "?":
            // this is an error outside flow collections
            case ":": {
              const inFlow = this.flowLevel > 0;
              const ch1 = this.charAt(1);
              if (isEmpty(ch1) || inFlow && flowIndicatorChars.has(ch1)) {
                if (!inFlow)
                  this.indentNext = this.indentValue + 1;
                else if (this.flowKey)
                  this.flowKey = false;
                n += yield* this.pushCount(1);
                n += yield* this.pushSpaces(true);
                continue loop;
              }
            }
          }
          break loop;
        }
        return n;
      }
      *pushTag() {
        if (this.charAt(1) === "<") {
          let i = this.pos + 2;
          let ch = this.buffer[i];
          while (!isEmpty(ch) && ch !== ">")
            ch = this.buffer[++i];
          return yield* this.pushToIndex(ch === ">" ? i + 1 : i, false);
        } else {
          let i = this.pos + 1;
          let ch = this.buffer[i];
          while (ch) {
            if (tagChars.has(ch))
              ch = this.buffer[++i];
            else if (ch === "%" && hexDigits.has(this.buffer[i + 1]) && hexDigits.has(this.buffer[i + 2])) {
              ch = this.buffer[i += 3];
            } else
              break;
          }
          return yield* this.pushToIndex(i, false);
        }
      }
      *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === "\n")
          return yield* this.pushCount(1);
        else if (ch === "\r" && this.charAt(1) === "\n")
          return yield* this.pushCount(2);
        else
          return 0;
      }
      *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
          ch = this.buffer[++i];
        } while (ch === " " || allowTabs && ch === "	");
        const n = i - this.pos;
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos = i;
        }
        return n;
      }
      *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
          ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
      }
    };
    exports.Lexer = Lexer;
  }
});

// node_modules/yaml/dist/parse/line-counter.js
var require_line_counter = __commonJS({
  "node_modules/yaml/dist/parse/line-counter.js"(exports) {
    "use strict";
    var LineCounter = class {
      constructor() {
        this.lineStarts = [];
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        this.linePos = (offset) => {
          let low = 0;
          let high = this.lineStarts.length;
          while (low < high) {
            const mid = low + high >> 1;
            if (this.lineStarts[mid] < offset)
              low = mid + 1;
            else
              high = mid;
          }
          if (this.lineStarts[low] === offset)
            return { line: low + 1, col: 1 };
          if (low === 0)
            return { line: 0, col: offset };
          const start = this.lineStarts[low - 1];
          return { line: low, col: offset - start + 1 };
        };
      }
    };
    exports.LineCounter = LineCounter;
  }
});

// node_modules/yaml/dist/parse/parser.js
var require_parser = __commonJS({
  "node_modules/yaml/dist/parse/parser.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var cst = require_cst();
    var lexer = require_lexer();
    function includesToken(list, type) {
      for (let i = 0; i < list.length; ++i)
        if (list[i].type === type)
          return true;
      return false;
    }
    function findNonEmptyIndex(list) {
      for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
          case "space":
          case "comment":
          case "newline":
            break;
          default:
            return i;
        }
      }
      return -1;
    }
    function isFlowToken(token) {
      switch (token?.type) {
        case "alias":
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "flow-collection":
          return true;
        default:
          return false;
      }
    }
    function getPrevProps(parent) {
      switch (parent.type) {
        case "document":
          return parent.start;
        case "block-map": {
          const it = parent.items[parent.items.length - 1];
          return it.sep ?? it.start;
        }
        case "block-seq":
          return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
          return [];
      }
    }
    function getFirstKeyStartProps(prev) {
      if (prev.length === 0)
        return [];
      let i = prev.length;
      loop: while (--i >= 0) {
        switch (prev[i].type) {
          case "doc-start":
          case "explicit-key-ind":
          case "map-value-ind":
          case "seq-item-ind":
          case "newline":
            break loop;
        }
      }
      while (prev[++i]?.type === "space") {
      }
      return prev.splice(i, prev.length);
    }
    function arrayPushArray(target, source) {
      if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
      else
        for (let i = 0; i < source.length; ++i)
          target.push(source[i]);
    }
    function fixFlowSeqItems(fc) {
      if (fc.start.type === "flow-seq-start") {
        for (const it of fc.items) {
          if (it.sep && !it.value && !includesToken(it.start, "explicit-key-ind") && !includesToken(it.sep, "map-value-ind")) {
            if (it.key)
              it.value = it.key;
            delete it.key;
            if (isFlowToken(it.value)) {
              if (it.value.end)
                arrayPushArray(it.value.end, it.sep);
              else
                it.value.end = it.sep;
            } else
              arrayPushArray(it.start, it.sep);
            delete it.sep;
          }
        }
      }
    }
    var Parser = class {
      /**
       * @param onNewLine - If defined, called separately with the start position of
       *   each new line (in `parse()`, including the start of input).
       */
      constructor(onNewLine) {
        this.atNewLine = true;
        this.atScalar = false;
        this.indent = 0;
        this.offset = 0;
        this.onKeyLine = false;
        this.stack = [];
        this.source = "";
        this.type = "";
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
      }
      /**
       * Parse `source` as a YAML stream.
       * If `incomplete`, a part of the last line may be left as a buffer for the next call.
       *
       * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
       *
       * @returns A generator of tokens representing each directive, document, and other structure.
       */
      *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
          this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
          yield* this.next(lexeme);
        if (!incomplete)
          yield* this.end();
      }
      /**
       * Advance the parser by the `source` of one lexical token.
       */
      *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
          console.log("|", cst.prettyToken(source));
        if (this.atScalar) {
          this.atScalar = false;
          yield* this.step();
          this.offset += source.length;
          return;
        }
        const type = cst.tokenType(source);
        if (!type) {
          const message = `Not a YAML token: ${source}`;
          yield* this.pop({ type: "error", offset: this.offset, message, source });
          this.offset += source.length;
        } else if (type === "scalar") {
          this.atNewLine = false;
          this.atScalar = true;
          this.type = "scalar";
        } else {
          this.type = type;
          yield* this.step();
          switch (type) {
            case "newline":
              this.atNewLine = true;
              this.indent = 0;
              if (this.onNewLine)
                this.onNewLine(this.offset + source.length);
              break;
            case "space":
              if (this.atNewLine && source[0] === " ")
                this.indent += source.length;
              break;
            case "explicit-key-ind":
            case "map-value-ind":
            case "seq-item-ind":
              if (this.atNewLine)
                this.indent += source.length;
              break;
            case "doc-mode":
            case "flow-error-end":
              return;
            default:
              this.atNewLine = false;
          }
          this.offset += source.length;
        }
      }
      /** Call at end of input to push out any remaining constructions */
      *end() {
        while (this.stack.length > 0)
          yield* this.pop();
      }
      get sourceToken() {
        const st = {
          type: this.type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
        return st;
      }
      *step() {
        const top = this.peek(1);
        if (this.type === "doc-end" && top?.type !== "doc-end") {
          while (this.stack.length > 0)
            yield* this.pop();
          this.stack.push({
            type: "doc-end",
            offset: this.offset,
            source: this.source
          });
          return;
        }
        if (!top)
          return yield* this.stream();
        switch (top.type) {
          case "document":
            return yield* this.document(top);
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return yield* this.scalar(top);
          case "block-scalar":
            return yield* this.blockScalar(top);
          case "block-map":
            return yield* this.blockMap(top);
          case "block-seq":
            return yield* this.blockSequence(top);
          case "flow-collection":
            return yield* this.flowCollection(top);
          case "doc-end":
            return yield* this.documentEnd(top);
        }
        yield* this.pop();
      }
      peek(n) {
        return this.stack[this.stack.length - n];
      }
      *pop(error) {
        const token = error ?? this.stack.pop();
        if (!token) {
          const message = "Tried to pop an empty stack";
          yield { type: "error", offset: this.offset, source: "", message };
        } else if (this.stack.length === 0) {
          yield token;
        } else {
          const top = this.peek(1);
          if (token.type === "block-scalar") {
            token.indent = "indent" in top ? top.indent : 0;
          } else if (token.type === "flow-collection" && top.type === "document") {
            token.indent = 0;
          }
          if (token.type === "flow-collection")
            fixFlowSeqItems(token);
          switch (top.type) {
            case "document":
              top.value = token;
              break;
            case "block-scalar":
              top.props.push(token);
              break;
            case "block-map": {
              const it = top.items[top.items.length - 1];
              if (it.value) {
                top.items.push({ start: [], key: token, sep: [] });
                this.onKeyLine = true;
                return;
              } else if (it.sep) {
                it.value = token;
              } else {
                Object.assign(it, { key: token, sep: [] });
                this.onKeyLine = !it.explicitKey;
                return;
              }
              break;
            }
            case "block-seq": {
              const it = top.items[top.items.length - 1];
              if (it.value)
                top.items.push({ start: [], value: token });
              else
                it.value = token;
              break;
            }
            case "flow-collection": {
              const it = top.items[top.items.length - 1];
              if (!it || it.value)
                top.items.push({ start: [], key: token, sep: [] });
              else if (it.sep)
                it.value = token;
              else
                Object.assign(it, { key: token, sep: [] });
              return;
            }
            /* istanbul ignore next should not happen */
            default:
              yield* this.pop();
              yield* this.pop(token);
          }
          if ((top.type === "document" || top.type === "block-map" || top.type === "block-seq") && (token.type === "block-map" || token.type === "block-seq")) {
            const last = token.items[token.items.length - 1];
            if (last && !last.sep && !last.value && last.start.length > 0 && findNonEmptyIndex(last.start) === -1 && (token.indent === 0 || last.start.every((st) => st.type !== "comment" || st.indent < token.indent))) {
              if (top.type === "document")
                top.end = last.start;
              else
                top.items.push({ start: last.start });
              token.items.splice(-1, 1);
            }
          }
        }
      }
      *stream() {
        switch (this.type) {
          case "directive-line":
            yield { type: "directive", offset: this.offset, source: this.source };
            return;
          case "byte-order-mark":
          case "space":
          case "comment":
          case "newline":
            yield this.sourceToken;
            return;
          case "doc-mode":
          case "doc-start": {
            const doc = {
              type: "document",
              offset: this.offset,
              start: []
            };
            if (this.type === "doc-start")
              doc.start.push(this.sourceToken);
            this.stack.push(doc);
            return;
          }
        }
        yield {
          type: "error",
          offset: this.offset,
          message: `Unexpected ${this.type} token in YAML stream`,
          source: this.source
        };
      }
      *document(doc) {
        if (doc.value)
          return yield* this.lineEnd(doc);
        switch (this.type) {
          case "doc-start": {
            if (findNonEmptyIndex(doc.start) !== -1) {
              yield* this.pop();
              yield* this.step();
            } else
              doc.start.push(this.sourceToken);
            return;
          }
          case "anchor":
          case "tag":
          case "space":
          case "comment":
          case "newline":
            doc.start.push(this.sourceToken);
            return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
          this.stack.push(bv);
        else {
          yield {
            type: "error",
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML document`,
            source: this.source
          };
        }
      }
      *scalar(scalar) {
        if (this.type === "map-value-ind") {
          const prev = getPrevProps(this.peek(2));
          const start = getFirstKeyStartProps(prev);
          let sep;
          if (scalar.end) {
            sep = scalar.end;
            sep.push(this.sourceToken);
            delete scalar.end;
          } else
            sep = [this.sourceToken];
          const map = {
            type: "block-map",
            offset: scalar.offset,
            indent: scalar.indent,
            items: [{ start, key: scalar, sep }]
          };
          this.onKeyLine = true;
          this.stack[this.stack.length - 1] = map;
        } else
          yield* this.lineEnd(scalar);
      }
      *blockScalar(scalar) {
        switch (this.type) {
          case "space":
          case "comment":
          case "newline":
            scalar.props.push(this.sourceToken);
            return;
          case "scalar":
            scalar.source = this.source;
            this.atNewLine = true;
            this.indent = 0;
            if (this.onNewLine) {
              let nl = this.source.indexOf("\n") + 1;
              while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf("\n", nl) + 1;
              }
            }
            yield* this.pop();
            break;
          /* istanbul ignore next should not happen */
          default:
            yield* this.pop();
            yield* this.step();
        }
      }
      *blockMap(map) {
        const it = map.items[map.items.length - 1];
        switch (this.type) {
          case "newline":
            this.onKeyLine = false;
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              it.start.push(this.sourceToken);
            }
            return;
          case "space":
          case "comment":
            if (it.value) {
              map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              if (this.atIndentedComment(it.start, map.indent)) {
                const prev = map.items[map.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  map.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
        }
        if (this.indent >= map.indent) {
          const atMapIndent = !this.onKeyLine && this.indent === map.indent;
          const atNextItem = atMapIndent && (it.sep || it.explicitKey) && this.type !== "seq-item-ind";
          let start = [];
          if (atNextItem && it.sep && !it.value) {
            const nl = [];
            for (let i = 0; i < it.sep.length; ++i) {
              const st = it.sep[i];
              switch (st.type) {
                case "newline":
                  nl.push(i);
                  break;
                case "space":
                  break;
                case "comment":
                  if (st.indent > map.indent)
                    nl.length = 0;
                  break;
                default:
                  nl.length = 0;
              }
            }
            if (nl.length >= 2)
              start = it.sep.splice(nl[1]);
          }
          switch (this.type) {
            case "anchor":
            case "tag":
              if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start });
                this.onKeyLine = true;
              } else if (it.sep) {
                it.sep.push(this.sourceToken);
              } else {
                it.start.push(this.sourceToken);
              }
              return;
            case "explicit-key-ind":
              if (!it.sep && !it.explicitKey) {
                it.start.push(this.sourceToken);
                it.explicitKey = true;
              } else if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start, explicitKey: true });
              } else {
                this.stack.push({
                  type: "block-map",
                  offset: this.offset,
                  indent: this.indent,
                  items: [{ start: [this.sourceToken], explicitKey: true }]
                });
              }
              this.onKeyLine = true;
              return;
            case "map-value-ind":
              if (it.explicitKey) {
                if (!it.sep) {
                  if (includesToken(it.start, "newline")) {
                    Object.assign(it, { key: null, sep: [this.sourceToken] });
                  } else {
                    const start2 = getFirstKeyStartProps(it.start);
                    this.stack.push({
                      type: "block-map",
                      offset: this.offset,
                      indent: this.indent,
                      items: [{ start: start2, key: null, sep: [this.sourceToken] }]
                    });
                  }
                } else if (it.value) {
                  map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                  });
                } else if (isFlowToken(it.key) && !includesToken(it.sep, "newline")) {
                  const start2 = getFirstKeyStartProps(it.start);
                  const key = it.key;
                  const sep = it.sep;
                  sep.push(this.sourceToken);
                  delete it.key;
                  delete it.sep;
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: start2, key, sep }]
                  });
                } else if (start.length > 0) {
                  it.sep = it.sep.concat(start, this.sourceToken);
                } else {
                  it.sep.push(this.sourceToken);
                }
              } else {
                if (!it.sep) {
                  Object.assign(it, { key: null, sep: [this.sourceToken] });
                } else if (it.value || atNextItem) {
                  map.items.push({ start, key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [], key: null, sep: [this.sourceToken] }]
                  });
                } else {
                  it.sep.push(this.sourceToken);
                }
              }
              this.onKeyLine = true;
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (atNextItem || it.value) {
                map.items.push({ start, key: fs, sep: [] });
                this.onKeyLine = true;
              } else if (it.sep) {
                this.stack.push(fs);
              } else {
                Object.assign(it, { key: fs, sep: [] });
                this.onKeyLine = true;
              }
              return;
            }
            default: {
              const bv = this.startBlockValue(map);
              if (bv) {
                if (bv.type === "block-seq") {
                  if (!it.explicitKey && it.sep && !includesToken(it.sep, "newline")) {
                    yield* this.pop({
                      type: "error",
                      offset: this.offset,
                      message: "Unexpected block-seq-ind on same line with key",
                      source: this.source
                    });
                    return;
                  }
                } else if (atMapIndent) {
                  map.items.push({ start });
                }
                this.stack.push(bv);
                return;
              }
            }
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
          case "newline":
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                seq.items.push({ start: [this.sourceToken] });
            } else
              it.start.push(this.sourceToken);
            return;
          case "space":
          case "comment":
            if (it.value)
              seq.items.push({ start: [this.sourceToken] });
            else {
              if (this.atIndentedComment(it.start, seq.indent)) {
                const prev = seq.items[seq.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  seq.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
          case "anchor":
          case "tag":
            if (it.value || this.indent <= seq.indent)
              break;
            it.start.push(this.sourceToken);
            return;
          case "seq-item-ind":
            if (this.indent !== seq.indent)
              break;
            if (it.value || includesToken(it.start, "seq-item-ind"))
              seq.items.push({ start: [this.sourceToken] });
            else
              it.start.push(this.sourceToken);
            return;
        }
        if (this.indent > seq.indent) {
          const bv = this.startBlockValue(seq);
          if (bv) {
            this.stack.push(bv);
            return;
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === "flow-error-end") {
          let top;
          do {
            yield* this.pop();
            top = this.peek(1);
          } while (top?.type === "flow-collection");
        } else if (fc.end.length === 0) {
          switch (this.type) {
            case "comma":
            case "explicit-key-ind":
              if (!it || it.sep)
                fc.items.push({ start: [this.sourceToken] });
              else
                it.start.push(this.sourceToken);
              return;
            case "map-value-ind":
              if (!it || it.value)
                fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                Object.assign(it, { key: null, sep: [this.sourceToken] });
              return;
            case "space":
            case "comment":
            case "newline":
            case "anchor":
            case "tag":
              if (!it || it.value)
                fc.items.push({ start: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                it.start.push(this.sourceToken);
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (!it || it.value)
                fc.items.push({ start: [], key: fs, sep: [] });
              else if (it.sep)
                this.stack.push(fs);
              else
                Object.assign(it, { key: fs, sep: [] });
              return;
            }
            case "flow-map-end":
            case "flow-seq-end":
              fc.end.push(this.sourceToken);
              return;
          }
          const bv = this.startBlockValue(fc);
          if (bv)
            this.stack.push(bv);
          else {
            yield* this.pop();
            yield* this.step();
          }
        } else {
          const parent = this.peek(2);
          if (parent.type === "block-map" && (this.type === "map-value-ind" && parent.indent === fc.indent || this.type === "newline" && !parent.items[parent.items.length - 1].sep)) {
            yield* this.pop();
            yield* this.step();
          } else if (this.type === "map-value-ind" && parent.type !== "flow-collection") {
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            fixFlowSeqItems(fc);
            const sep = fc.end.splice(1, fc.end.length);
            sep.push(this.sourceToken);
            const map = {
              type: "block-map",
              offset: fc.offset,
              indent: fc.indent,
              items: [{ start, key: fc, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
          } else {
            yield* this.lineEnd(fc);
          }
        }
      }
      flowScalar(type) {
        if (this.onNewLine) {
          let nl = this.source.indexOf("\n") + 1;
          while (nl !== 0) {
            this.onNewLine(this.offset + nl);
            nl = this.source.indexOf("\n", nl) + 1;
          }
        }
        return {
          type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
      }
      startBlockValue(parent) {
        switch (this.type) {
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return this.flowScalar(this.type);
          case "block-scalar-header":
            return {
              type: "block-scalar",
              offset: this.offset,
              indent: this.indent,
              props: [this.sourceToken],
              source: ""
            };
          case "flow-map-start":
          case "flow-seq-start":
            return {
              type: "flow-collection",
              offset: this.offset,
              indent: this.indent,
              start: this.sourceToken,
              items: [],
              end: []
            };
          case "seq-item-ind":
            return {
              type: "block-seq",
              offset: this.offset,
              indent: this.indent,
              items: [{ start: [this.sourceToken] }]
            };
          case "explicit-key-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            start.push(this.sourceToken);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, explicitKey: true }]
            };
          }
          case "map-value-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, key: null, sep: [this.sourceToken] }]
            };
          }
        }
        return null;
      }
      atIndentedComment(start, indent) {
        if (this.type !== "comment")
          return false;
        if (this.indent <= indent)
          return false;
        return start.every((st) => st.type === "newline" || st.type === "space");
      }
      *documentEnd(docEnd) {
        if (this.type !== "doc-mode") {
          if (docEnd.end)
            docEnd.end.push(this.sourceToken);
          else
            docEnd.end = [this.sourceToken];
          if (this.type === "newline")
            yield* this.pop();
        }
      }
      *lineEnd(token) {
        switch (this.type) {
          case "comma":
          case "doc-start":
          case "doc-end":
          case "flow-seq-end":
          case "flow-map-end":
          case "map-value-ind":
            yield* this.pop();
            yield* this.step();
            break;
          case "newline":
            this.onKeyLine = false;
          // fallthrough
          case "space":
          case "comment":
          default:
            if (token.end)
              token.end.push(this.sourceToken);
            else
              token.end = [this.sourceToken];
            if (this.type === "newline")
              yield* this.pop();
        }
      }
    };
    exports.Parser = Parser;
  }
});

// node_modules/yaml/dist/public-api.js
var require_public_api = __commonJS({
  "node_modules/yaml/dist/public-api.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var errors = require_errors();
    var log = require_log();
    var identity = require_identity();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    function parseOptions(options) {
      const prettyErrors = options.prettyErrors !== false;
      const lineCounter$1 = options.lineCounter || prettyErrors && new lineCounter.LineCounter() || null;
      return { lineCounter: lineCounter$1, prettyErrors };
    }
    function parseAllDocuments(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      const docs = Array.from(composer$1.compose(parser$1.parse(source)));
      if (prettyErrors && lineCounter2)
        for (const doc of docs) {
          doc.errors.forEach(errors.prettifyError(source, lineCounter2));
          doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
        }
      if (docs.length > 0)
        return docs;
      return Object.assign([], { empty: true }, composer$1.streamInfo());
    }
    function parseDocument(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      let doc = null;
      for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
          doc = _doc;
        else if (doc.options.logLevel !== "silent") {
          doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
          break;
        }
      }
      if (prettyErrors && lineCounter2) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter2));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
      }
      return doc;
    }
    function parse(src, reviver, options) {
      let _reviver = void 0;
      if (typeof reviver === "function") {
        _reviver = reviver;
      } else if (options === void 0 && reviver && typeof reviver === "object") {
        options = reviver;
      }
      const doc = parseDocument(src, options);
      if (!doc)
        return null;
      doc.warnings.forEach((warning) => log.warn(doc.options.logLevel, warning));
      if (doc.errors.length > 0) {
        if (doc.options.logLevel !== "silent")
          throw doc.errors[0];
        else
          doc.errors = [];
      }
      return doc.toJS(Object.assign({ reviver: _reviver }, options));
    }
    function stringify2(value, replacer, options) {
      let _replacer = null;
      if (typeof replacer === "function" || Array.isArray(replacer)) {
        _replacer = replacer;
      } else if (options === void 0 && replacer) {
        options = replacer;
      }
      if (typeof options === "string")
        options = options.length;
      if (typeof options === "number") {
        const indent = Math.round(options);
        options = indent < 1 ? void 0 : indent > 8 ? { indent: 8 } : { indent };
      }
      if (value === void 0) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
          return void 0;
      }
      if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
      return new Document.Document(value, _replacer, options).toString(options);
    }
    exports.parse = parse;
    exports.parseAllDocuments = parseAllDocuments;
    exports.parseDocument = parseDocument;
    exports.stringify = stringify2;
  }
});

// node_modules/yaml/dist/index.js
var require_dist = __commonJS({
  "node_modules/yaml/dist/index.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var Schema = require_Schema();
    var errors = require_errors();
    var Alias = require_Alias();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var cst = require_cst();
    var lexer = require_lexer();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    var publicApi = require_public_api();
    var visit = require_visit();
    exports.Composer = composer.Composer;
    exports.Document = Document.Document;
    exports.Schema = Schema.Schema;
    exports.YAMLError = errors.YAMLError;
    exports.YAMLParseError = errors.YAMLParseError;
    exports.YAMLWarning = errors.YAMLWarning;
    exports.Alias = Alias.Alias;
    exports.isAlias = identity.isAlias;
    exports.isCollection = identity.isCollection;
    exports.isDocument = identity.isDocument;
    exports.isMap = identity.isMap;
    exports.isNode = identity.isNode;
    exports.isPair = identity.isPair;
    exports.isScalar = identity.isScalar;
    exports.isSeq = identity.isSeq;
    exports.Pair = Pair.Pair;
    exports.Scalar = Scalar.Scalar;
    exports.YAMLMap = YAMLMap.YAMLMap;
    exports.YAMLSeq = YAMLSeq.YAMLSeq;
    exports.CST = cst;
    exports.Lexer = lexer.Lexer;
    exports.LineCounter = lineCounter.LineCounter;
    exports.Parser = parser.Parser;
    exports.parse = publicApi.parse;
    exports.parseAllDocuments = publicApi.parseAllDocuments;
    exports.parseDocument = publicApi.parseDocument;
    exports.stringify = publicApi.stringify;
    exports.visit = visit.visit;
    exports.visitAsync = visit.visitAsync;
  }
});

// src/lint/etcd-flags.ts
var ETCD_MINORS = ["3.4", "3.5", "3.6"];
function parseEtcdVersion(text) {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!match) return { minor: "3.6", patch: Infinity, text, rulesOf: "3.6" };
  const major = Number(match[1]);
  const minorNumber = major < 3 ? 4 : major > 3 ? 6 : Math.min(6, Math.max(4, Number(match[2])));
  const exact = major === 3 && Number(match[2]) === minorNumber;
  return {
    minor: `3.${minorNumber}`,
    patch: exact && match[3] !== void 0 ? Number(match[3]) : Infinity,
    text,
    ...exact ? {} : { rulesOf: `3.${minorNumber}` }
  };
}
function isAtLeast(version, release) {
  const [minor, patch] = [release.split(".").slice(0, 2).join("."), Number(release.split(".")[2] ?? 0)];
  const order = minorIndex(version.minor) - minorIndex(minor);
  return order > 0 || order === 0 && version.patch >= patch;
}
var CTS = "client-transport-security";
var PTS = "peer-transport-security";
var ROWS = [
  // member
  ["name", "string", "4 5 6"],
  ["data-dir", "string", "4 5 6"],
  ["wal-dir", "string", "4 5 6"],
  ["listen-peer-urls", "urls", "4 5 6"],
  ["listen-client-urls", "urls", "4 5 6"],
  ["listen-client-http-urls", "urls", "4.25 5.8 6"],
  ["listen-metrics-urls", "urls", "4 5 6"],
  ["max-snapshots", "uint", "4 5 6"],
  ["max-wals", "uint", "4 5 6"],
  ["snapshot-count", "uint", "4 5 6"],
  ["heartbeat-interval", "uint", "4 5 6"],
  ["election-timeout", "uint", "4 5 6"],
  ["initial-election-tick-advance", "bool", "4 5 6"],
  ["quota-backend-bytes", "int", "4 5 6"],
  ["backend-batch-interval", "duration", "4 5 6"],
  ["backend-batch-limit", "int", "4 5 6"],
  ["backend-bbolt-freelist-type", "string", "5 6"],
  ["max-txn-ops", "uint", "4 5 6"],
  ["max-request-bytes", "uint", "4 5 6"],
  ["max-concurrent-streams", "uint", "4.20 5.5 6"],
  ["grpc-keepalive-min-time", "duration", "4 5 6"],
  ["grpc-keepalive-interval", "duration", "4 5 6"],
  ["grpc-keepalive-timeout", "duration", "4 5 6"],
  ["socket-reuse-port", "bool", "5 6", "socket-options.reuse-port"],
  ["socket-reuse-address", "bool", "5 6", "socket-options.reuse-address"],
  ["raft-read-timeout", "duration", "5 6", "-"],
  ["raft-write-timeout", "duration", "5 6", "-"],
  // clustering
  ["initial-advertise-peer-urls", "urls", "4 5 6"],
  ["advertise-client-urls", "urls", "4 5 6"],
  ["discovery", "string", "4 5 6"],
  ["discovery-fallback", "enum|exit|proxy", "4 5 6", "4 5:discovery-fallback"],
  ["discovery-proxy", "string", "4 5 6"],
  ["discovery-srv", "string", "4 5 6"],
  ["discovery-srv-name", "string", "4 5 6"],
  ["discovery-endpoints", "list", "6", "discovery-config.client.endpoints"],
  ["discovery-token", "string", "6", "discovery-config.token"],
  ["discovery-dial-timeout", "duration", "6", "discovery-config.client.dial-timeout"],
  ["discovery-request-timeout", "duration", "6", "discovery-config.client.request-timeout"],
  ["discovery-keepalive-time", "duration", "6", "discovery-config.client.keepalive-time"],
  ["discovery-keepalive-timeout", "duration", "6", "discovery-config.client.keepalive-timeout"],
  ["discovery-insecure-transport", "bool", "6", "discovery-config.client.secure.insecure-transport"],
  ["discovery-insecure-skip-tls-verify", "bool", "6", "discovery-config.client.secure.insecure-skip-tls-verify"],
  ["discovery-cert", "string", "6", "discovery-config.client.secure.cert"],
  ["discovery-key", "string", "6", "discovery-config.client.secure.key"],
  ["discovery-cacert", "string", "6", "discovery-config.client.secure.cacert"],
  ["discovery-user", "string", "6", "discovery-config.client.auth.username"],
  ["discovery-password", "string", "6", "discovery-config.client.auth.password"],
  ["initial-cluster", "string", "4 5 6"],
  ["initial-cluster-token", "string", "4 5 6"],
  ["initial-cluster-state", "enum|new|existing", "4 5 6"],
  ["strict-reconfig-check", "bool", "4 5 6"],
  ["pre-vote", "bool", "4 5 6"],
  ["auto-compaction-retention", "string", "4 5 6"],
  ["auto-compaction-mode", "string", "4 5 6"],
  ["enable-v2", "bool", "4 5"],
  ["v2-deprecation", "enum|not-yet|write-only|write-only-drop-data|gone", "5 6"],
  ["max-learners", "int", "6"],
  // v2 proxy
  ["proxy", "enum|off|readonly|on", "4 5"],
  ["proxy-failure-wait", "uint", "4 5"],
  ["proxy-refresh-interval", "uint", "4 5"],
  ["proxy-dial-timeout", "uint", "4 5"],
  ["proxy-write-timeout", "uint", "4 5"],
  ["proxy-read-timeout", "uint", "4 5"],
  // security
  ["cert-file", "string", "4 5 6", `${CTS}.cert-file`],
  ["key-file", "string", "4 5 6", `${CTS}.key-file`],
  ["client-cert-file", "string", "5 6", `${CTS}.client-cert-file`],
  ["client-key-file", "string", "5 6", `${CTS}.client-key-file`],
  ["client-cert-auth", "bool", "4 5 6", `${CTS}.client-cert-auth`],
  ["client-crl-file", "string", "4 5 6", "-"],
  ["client-cert-allowed-hostname", "list", "4 5 6", `5 6:${CTS}.allowed-hostname`],
  ["trusted-ca-file", "string", "4 5 6", `${CTS}.trusted-ca-file`],
  ["auto-tls", "bool", "4 5 6", `${CTS}.auto-tls`],
  ["peer-cert-file", "string", "4 5 6", `${PTS}.cert-file`],
  ["peer-key-file", "string", "4 5 6", `${PTS}.key-file`],
  ["peer-client-cert-file", "string", "5 6", `${PTS}.client-cert-file`],
  ["peer-client-key-file", "string", "5 6", `${PTS}.client-key-file`],
  ["peer-client-cert-auth", "bool", "4 5 6", `${PTS}.client-cert-auth`],
  ["peer-trusted-ca-file", "string", "4 5 6", `${PTS}.trusted-ca-file`],
  ["peer-cert-allowed-cn", "list", "4 5 6", `5 6:${PTS}.allowed-cn`],
  ["peer-cert-allowed-hostname", "list", "4 5 6", `5 6:${PTS}.allowed-hostname`],
  ["peer-auto-tls", "bool", "4 5 6", `${PTS}.auto-tls`],
  ["peer-crl-file", "string", "4 5 6", "-"],
  ["self-signed-cert-validity", "uint", "5 6"],
  ["cipher-suites", "list", "4 5 6"],
  ["tls-min-version", "string", "4.25 5.8 6"],
  ["tls-max-version", "string", "4.25 5.8 6"],
  ["cors", "list", "4 5 6"],
  ["host-whitelist", "list", "4 5 6"],
  [
    "experimental-peer-skip-client-san-verification",
    "bool",
    "4 5 6",
    "6:experimental-peer-skip-client-san-verification"
  ],
  ["peer-skip-client-san-verification", "bool", "6", `${PTS}.skip-client-san-verification`],
  // logging
  ["logger", "string", "4 5 6"],
  ["log-outputs", "list", "4 5 6"],
  ["log-level", "string", "4 5 6"],
  ["log-format", "string", "6"],
  ["enable-log-rotation", "bool", "5 6"],
  ["log-rotation-config-json", "string", "5 6"],
  ["log-output", "list", "4"],
  ["debug", "bool", "4"],
  ["log-package-levels", "string", "4"],
  // auth, profiling, unsafe
  ["auth-token", "string", "4 5 6"],
  ["bcrypt-cost", "uint", "4 5 6"],
  ["auth-token-ttl", "uint", "4.10 5 6"],
  ["enable-pprof", "bool", "4 5 6"],
  ["metrics", "string", "4 5 6"],
  ["enable-grpc-gateway", "bool", "4 5 6"],
  ["force-new-cluster", "bool", "4 5 6"],
  ["unsafe-no-fsync", "bool", "4.10 5 6"],
  ["next-cluster-version-compatible", "bool", "4.31"],
  ["feature-gates", "string", "6"],
  ["config-file", "string", "4 5 6", "-"],
  ["version", "bool", "4 5 6", "-"],
  // experimental
  ["experimental-initial-corrupt-check", "bool", "4 5 6"],
  ["experimental-corrupt-check-time", "duration", "4 5 6"],
  ["experimental-compact-hash-check-enabled", "bool", "5.5 6"],
  ["experimental-compact-hash-check-time", "duration", "5.5 6"],
  ["experimental-enable-v2v3", "string", "4 5"],
  ["experimental-backend-bbolt-freelist-type", "string", "4"],
  ["experimental-enable-lease-checkpoint", "bool", "4 5 6"],
  ["experimental-enable-lease-checkpoint-persist", "bool", "4.20 5.2 6"],
  ["experimental-compaction-batch-limit", "int", "4 5 6"],
  ["experimental-compaction-sleep-interval", "duration", "5.16 6"],
  ["experimental-watch-progress-notify-interval", "duration", "4.11 5 6"],
  ["experimental-warning-apply-duration", "duration", "4.16 5 6"],
  ["experimental-warning-unary-request-duration", "duration", "6"],
  ["experimental-bootstrap-defrag-threshold-megabytes", "uint", "5 6"],
  ["experimental-downgrade-check-time", "duration", "5 6"],
  ["experimental-memory-mlock", "bool", "5 6"],
  ["experimental-snapshot-catchup-entries", "uint", "5.14 6", "experimental-snapshot-catch-up-entries"],
  ["experimental-stop-grpc-service-on-defrag", "bool", "5.14 6"],
  ["experimental-txn-mode-write-with-shared-buffer", "bool", "5 6"],
  ["experimental-enable-distributed-tracing", "bool", "5 6"],
  ["experimental-distributed-tracing-address", "string", "5 6"],
  ["experimental-distributed-tracing-service-name", "string", "5 6"],
  ["experimental-distributed-tracing-instance-id", "string", "5 6"],
  ["experimental-distributed-tracing-sampling-rate", "int", "5.11 6"],
  // 3.6 names of experimental flags
  ["corrupt-check-time", "duration", "6"],
  ["compact-hash-check-time", "duration", "6"],
  ["compaction-batch-limit", "int", "6"],
  ["compaction-sleep-interval", "duration", "6"],
  ["watch-progress-notify-interval", "duration", "6"],
  ["warning-apply-duration", "duration", "6"],
  ["warning-unary-request-duration", "duration", "6"],
  ["bootstrap-defrag-threshold-megabytes", "uint", "6"],
  ["downgrade-check-time", "duration", "6"],
  ["memory-mlock", "bool", "6"],
  ["snapshot-catchup-entries", "uint", "6"],
  ["enable-distributed-tracing", "bool", "6"],
  ["distributed-tracing-address", "string", "6"],
  ["distributed-tracing-service-name", "string", "6"],
  ["distributed-tracing-instance-id", "string", "6"],
  ["distributed-tracing-sampling-rate", "int", "6"]
];
var RENAMED_IN_3_6 = [
  "corrupt-check-time",
  "compact-hash-check-time",
  "compaction-batch-limit",
  "compaction-sleep-interval",
  "watch-progress-notify-interval",
  "warning-apply-duration",
  "warning-unary-request-duration",
  "bootstrap-defrag-threshold-megabytes",
  "downgrade-check-time",
  "memory-mlock",
  "snapshot-catchup-entries",
  "peer-skip-client-san-verification",
  "enable-distributed-tracing",
  "distributed-tracing-address",
  "distributed-tracing-service-name",
  "distributed-tracing-instance-id",
  "distributed-tracing-sampling-rate"
];
var CHANGES = [
  { flags: ["debug"], deprecated: "3.4.0", removed: "3.5.0", use: "log-level=debug" },
  { flags: ["log-output"], deprecated: "3.4.0", removed: "3.5.0", use: "log-outputs" },
  { flags: ["log-package-levels"], deprecated: "3.4.0", removed: "3.5.0", use: "log-level" },
  { flags: ["experimental-backend-bbolt-freelist-type"], removed: "3.5.0", use: "backend-bbolt-freelist-type" },
  { flags: ["enable-v2", "experimental-enable-v2v3"], deprecated: "3.5.0", removed: "3.6.0", use: "the v3 API" },
  {
    flags: [
      "proxy",
      "proxy-failure-wait",
      "proxy-refresh-interval",
      "proxy-dial-timeout",
      "proxy-write-timeout",
      "proxy-read-timeout"
    ],
    deprecated: "3.5.0",
    removed: "3.6.0",
    use: "`etcd grpc-proxy`"
  },
  // 3.6.8 revoked the deprecation of --snapshot-count (etcd-io/etcd#21163).
  { flags: ["snapshot-count"], deprecated: "3.6.0", revoked: "3.6.8" },
  { flags: ["max-snapshots"], deprecated: "3.6.0" },
  { flags: ["v2-deprecation"], deprecated: "3.6.0" },
  ...RENAMED_IN_3_6.map((name) => ({ flags: [`experimental-${name}`], deprecated: "3.6.0", use: name }))
];
var minorOf = (release) => release.split(".").slice(0, 2).join(".");
var FEATURE_GATE_FLAGS = {
  "experimental-initial-corrupt-check": "InitialCorruptCheck",
  "experimental-compact-hash-check-enabled": "CompactHashCheck",
  "experimental-txn-mode-write-with-shared-buffer": "TxnModeWriteWithSharedBuffer",
  "experimental-enable-lease-checkpoint": "LeaseCheckpoint",
  "experimental-enable-lease-checkpoint-persist": "LeaseCheckpointPersist",
  "experimental-stop-grpc-service-on-defrag": "StopGRPCServiceOnDefrag"
};
var FEATURE_GATES_3_6 = [
  "StopGRPCServiceOnDefrag",
  "TxnModeWriteWithSharedBuffer",
  "InitialCorruptCheck",
  "CompactHashCheck",
  "LeaseCheckpoint",
  "LeaseCheckpointPersist",
  "SetMemberLocalAddr"
];
var TRANSPORT_SECURITY_KEYS = {
  "3.4": ["cert-file", "key-file", "client-cert-auth", "trusted-ca-file", "auto-tls"],
  "3.5": [
    "cert-file",
    "key-file",
    "client-cert-file",
    "client-key-file",
    "client-cert-auth",
    "trusted-ca-file",
    "auto-tls",
    "allowed-cn",
    "allowed-hostname"
  ],
  "3.6": [
    "cert-file",
    "key-file",
    "client-cert-file",
    "client-key-file",
    "client-cert-auth",
    "trusted-ca-file",
    "auto-tls",
    "allowed-cn",
    "allowed-hostname",
    "skip-client-san-verification"
  ]
};
function parseRow([name, kindText, releases, yaml]) {
  const [kind, ...values] = kindText.split("|");
  const since = {};
  for (const token of releases.split(" ")) {
    const [minor, patch] = token.split(".");
    since[`3.${minor}`] = patch === void 0 ? 0 : Number(patch);
  }
  const yamlKeys = {};
  if (yaml !== "-") {
    const [limit, key] = yaml?.includes(":") ? yaml.split(":") : [void 0, yaml ?? name];
    for (const minor of Object.keys(since)) {
      if (!limit || limit.split(" ").includes(minor.slice(2))) yamlKeys[minor] = key;
    }
  }
  return { name, kind, ...values.length > 0 ? { values } : {}, since, yaml: yamlKeys };
}
var FLAGS = new Map(ROWS.map((row) => [row[0], parseRow(row)]));
function minorIndex(minor) {
  return ETCD_MINORS.indexOf(minor);
}
function flagInfo(name, version) {
  const spec = FLAGS.get(name);
  const sincePatch = spec?.since[version.minor];
  const known = sincePatch !== void 0 && version.patch >= sincePatch;
  const status = { spec, known };
  if (sincePatch !== void 0 && !known) status.since = `${version.minor}.${sincePatch}`;
  for (const change of CHANGES) {
    if (!change.flags.includes(name)) continue;
    if (change.removed && isAtLeast(version, change.removed)) status.removedIn = minorOf(change.removed);
    else if (change.deprecated && isAtLeast(version, change.deprecated) && !(change.revoked && isAtLeast(version, change.revoked)))
      status.deprecatedIn = minorOf(change.deprecated);
    if (change.use) status.use = change.use;
  }
  if (version.minor === "3.6" && FEATURE_GATE_FLAGS[name]) {
    status.deprecatedIn = "3.6";
    status.use = `feature-gates=${FEATURE_GATE_FLAGS[name]}=true`;
  }
  return status;
}
function knownFlags(version) {
  return [...FLAGS.keys()].filter((name) => flagInfo(name, version).known);
}
function flagOfYamlKey(key, version) {
  const wanted = key.toLowerCase();
  for (const spec of FLAGS.values()) {
    if (spec.yaml[version.minor] === wanted && flagInfo(spec.name, version).known) return spec;
  }
  return void 0;
}
function yamlKeyStatus(key, version) {
  const lower = key.toLowerCase();
  if (flagOfYamlKey(lower, version)) return "known";
  const [section, ...rest] = lower.split(".");
  const inner = rest.join(".");
  if (section === CTS || section === PTS)
    return TRANSPORT_SECURITY_KEYS[version.minor].includes(inner) ? "known" : "unknown";
  if (section === "discovery-config" && version.minor === "3.6") return "known";
  return "unknown";
}
function knownYamlKeys(version) {
  const keys = /* @__PURE__ */ new Set();
  for (const spec of FLAGS.values()) {
    const key = spec.yaml[version.minor];
    if (key && flagInfo(spec.name, version).known) keys.add(key);
  }
  for (const inner of TRANSPORT_SECURITY_KEYS[version.minor]) {
    keys.add(`${CTS}.${inner}`);
    keys.add(`${PTS}.${inner}`);
  }
  return [...keys];
}
function envOfFlag(name) {
  return `ETCD_${name.toUpperCase().replace(/-/g, "_")}`;
}
function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
function nearest(word, candidates) {
  const lower = word.toLowerCase();
  let best;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (!best) return void 0;
  const limit = Math.max(2, Math.floor(lower.length / 4));
  return best.distance <= limit ? best.candidate : void 0;
}

// src/lint/model.ts
function settingOf(member, name) {
  for (let i = member.settings.length - 1; i >= 0; i--) if (member.settings[i].name === name) return member.settings[i];
  return void 0;
}
function findingAt(setting, severity, rule, message, atValue = false) {
  const at2 = atValue && setting.valueAt ? setting.valueAt : setting.at;
  return { file: at2.file, line: at2.line, column: at2.column, severity, rule, message };
}

// src/lint/rules/rule.ts
var ALL_RELEASES = ETCD_MINORS;
function report(rule, at2, message, atValue = false) {
  return findingAt(at2, rule.severity, rule.id, message, atValue);
}
function refuses(etcdMessage) {
  return `etcd refuses to start: "${etcdMessage}"`;
}
function written(setting) {
  const separator = setting.source === "flag" || setting.source === "env" ? "=" : ": ";
  return `\`${setting.key}${separator}${setting.value}\``;
}
function readsYaml(member) {
  return member.form === "etcd-config-file" || member.settings.some((setting) => setting.source === "config-file");
}
function isFlag(setting) {
  return setting.source === "flag" || setting.source === "kubeadm" || setting.source === "kubeadm-default";
}
function defaultOf(name, version) {
  const defaults = {
    name: "default",
    "heartbeat-interval": "100",
    "election-timeout": "1000",
    "snapshot-count": version.minor === "3.6" ? "10000" : "100000",
    "quota-backend-bytes": "0",
    "max-request-bytes": "1572864",
    "listen-peer-urls": "http://localhost:2380",
    "listen-client-urls": "http://localhost:2379",
    "initial-advertise-peer-urls": "http://localhost:2380",
    "advertise-client-urls": "http://localhost:2379",
    "initial-cluster-state": "new",
    "initial-cluster-token": "etcd-cluster",
    "auto-compaction-mode": "periodic",
    "auto-compaction-retention": "0",
    logger: version.minor === "3.4" ? "capnslog" : "zap",
    "log-level": "info",
    "log-outputs": "default",
    "auth-token": "simple",
    "bcrypt-cost": "10"
  };
  return defaults[name];
}
function valueOf(member, name, version) {
  return settingOf(member, name)?.value ?? defaultOf(name, version);
}
function isTrue(value) {
  return value !== void 0 && /^(1|t|true|y|yes|on)$/i.test(value.trim());
}
function anchorOf(member, ...names) {
  for (const name of [...names, "name"]) {
    const setting = settingOf(member, name);
    if (setting) return setting;
  }
  return member.settings[0] ?? { at: { file: member.file, line: 1, column: 1 } };
}
function flagValueError(setting, error, isBool = false) {
  const value = JSON.stringify(setting.value);
  if (setting.source === "env") return `invalid value ${value} for ${setting.key}: ${error}`;
  return isBool ? `invalid boolean value ${value} for -${setting.name}: ${error}` : `invalid value ${value} for flag -${setting.name}: ${error}`;
}
function appliedMember(member, version) {
  const settings = member.settings.filter((setting) => {
    if (setting.source === "config-file") return yamlKeyStatus(setting.key, version) === "known";
    return setting.source !== "env" || setting.value !== "";
  });
  return settings.length === member.settings.length ? member : { ...member, settings };
}
function isTemplated(value) {
  return /\$\{[^}]*\}|\$[A-Za-z_]\w*|\{\{.*?\}\}|<[^<>\s]+>/.test(value);
}

// src/lint/rules/upgrade.ts
var REQUIRED_BEFORE_NEXT = { "3.5": 32 };
var UPGRADE_RULE_INFO = {
  skipsMinor: {
    id: "ETCD-701",
    severity: "error",
    name: "upgrade-skips-minor",
    etcdDoes: 'Supports upgrading one minor release at a time only: by its upgrade policy, "upgrades that skip a minor version are not supported and will likely fail".',
    fix: "Upgrade every member to the next minor\u2019s newest patch first (3.4 \u2192 3.5 \u2192 3.6), then to the release wanted."
  },
  patchRequired: {
    id: "ETCD-702",
    severity: "error",
    name: "upgrade-patch-required",
    etcdDoes: "Requires, by its upgrade guide, every 3.5 member on 3.5.32 or later before 3.6: earlier 3.5 patches leave upgrade blockers (too many learner members, v2 store content in the WAL).",
    fix: "Upgrade every member to 3.5.32 or later (a patch upgrade, one member at a time) before the first 3.6 member."
  },
  v2Store: {
    id: "ETCD-703",
    severity: "error",
    name: "upgrade-v2-store",
    etcdDoes: "3.6 removes the v2 store and enable-v2: it refuses the flag, and refuses to start on a data dir whose v2 store (or WAL) holds custom content.",
    fix: "Run `etcdutl check v2store` (of 3.5.32 or later) on each member, migrate or remove v2 data, then remove enable-v2 (flag, ETCD_ENABLE_V2, YAML key) from every member before 3.6."
  },
  snapshotCountDefault: {
    id: "ETCD-704",
    severity: "notice",
    name: "upgrade-snapshot-count-default",
    etcdDoes: "3.6 lowers the default snapshot-count from 100000 to 10000: a member that does not set it snapshots ten times as often, and keeps fewer entries in memory for slow followers.",
    fix: "Nothing, if 10000 suits the cluster; else write the snapshot-count wanted."
  }
};
var UPGRADE_RULES = Object.values(UPGRADE_RULE_INFO);
function upgradeSteps(from, to) {
  const first = ETCD_MINORS.indexOf(from.minor);
  const last = ETCD_MINORS.indexOf(to.minor);
  const between = ETCD_MINORS.slice(first + 1, last).map((minor) => parseEtcdVersion(minor));
  return [...between, to];
}
var crosses = (from, to, minor) => ETCD_MINORS.indexOf(from.minor) < ETCD_MINORS.indexOf(minor) && ETCD_MINORS.indexOf(to.minor) >= ETCD_MINORS.indexOf(minor);
function upgradeRuleFindings(member, from, to) {
  const rules = UPGRADE_RULE_INFO;
  const way = `on the way from etcd ${from.text} to ${to.text}`;
  const found = [];
  const anchor = anchorOf(member);
  const skipped = ETCD_MINORS.slice(ETCD_MINORS.indexOf(from.minor) + 1, ETCD_MINORS.indexOf(to.minor));
  if (skipped.length > 0)
    found.push(
      report(
        rules.skipsMinor,
        anchor,
        `${way}: the upgrade skips ${skipped.join(" and ")}; etcd upgrades one minor at a time (${[from.minor, ...skipped, to.minor].join(" \u2192 ")}), so member ${member.name} must run ${skipped.map((minor) => `${minor}.${REQUIRED_BEFORE_NEXT[minor] ?? "x"} or later`).join(", then ")} first.`
      )
    );
  for (const [minor, patch] of Object.entries(REQUIRED_BEFORE_NEXT)) {
    const next = ETCD_MINORS[ETCD_MINORS.indexOf(minor) + 1];
    if (from.minor === minor && from.patch < patch && next && crosses(from, to, next))
      found.push(
        report(
          rules.patchRequired,
          anchor,
          `${way}: etcd's upgrade guide requires every ${minor} member on ${minor}.${patch} or later before ${next}; member ${member.name} runs ${from.text}, so upgrade it to ${minor}.${patch} or later first.`
        )
      );
  }
  if (crosses(from, to, "3.6")) {
    for (const name of ["enable-v2", "experimental-enable-v2v3"]) {
      const setting = settingOf(member, name);
      if (setting && (name === "experimental-enable-v2v3" ? setting.value.trim() !== "" : isTrue(setting.value)))
        found.push(
          report(
            rules.v2Store,
            setting,
            `${way}: ${written(setting)} keeps the v2 store, which etcd 3.6 removes; check it with \`etcdutl check v2store\` (3.5.32 or later) and remove ${setting.key} from every member before the first 3.6 member.`
          )
        );
    }
    if (!settingOf(member, "snapshot-count"))
      found.push(
        report(
          rules.snapshotCountDefault,
          anchor,
          `${way}: member ${member.name} does not set snapshot-count, whose default 3.6 lowers from 100000 to 10000.`
        )
      );
  }
  return found;
}

// src/lint/rules/urls.ts
var SCHEMES = ["http", "https", "unix", "unixs"];
function splitHostPort(hostPort) {
  if (hostPort.startsWith("[")) {
    const end = hostPort.indexOf("]");
    if (end < 0 || hostPort[end + 1] !== ":") return void 0;
    return { hostname: hostPort.slice(1, end), port: hostPort.slice(end + 2) };
  }
  const colon = hostPort.lastIndexOf(":");
  if (colon < 0 || hostPort.indexOf(":") !== colon) return void 0;
  return { hostname: hostPort.slice(0, colon), port: hostPort.slice(colon + 1) };
}
function parseEtcdUrl(raw) {
  const text = raw.trim();
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(text);
  if (!schemeMatch) {
    const firstSegment = text.split("/")[0];
    if (firstSegment.includes(":")) return { error: `parse "${text}": first path segment in URL cannot contain colon` };
    return { error: `URL scheme must be http, https, unix, or unixs: ${text}` };
  }
  const scheme = schemeMatch[1].toLowerCase();
  if (!SCHEMES.includes(scheme)) return { error: `URL scheme must be http, https, unix, or unixs: ${text}` };
  const rest = text.slice(schemeMatch[0].length);
  const authority = rest.startsWith("//") ? /^\/\/([^/?#]*)/.exec(rest)[1] : "";
  const afterAuthority = rest.startsWith("//") ? rest.slice(2 + authority.length) : rest;
  const host = authority.includes("@") ? authority.slice(authority.lastIndexOf("@") + 1) : authority;
  const split = splitHostPort(host);
  if (!split) return { error: `URL address does not have the form "host:port": ${text}` };
  const path8 = afterAuthority.split(/[?#]/)[0];
  if (path8 !== "") return { error: `URL must not contain a path: ${text}` };
  return { url: { text, scheme, host, hostname: split.hostname, port: split.port } };
}
function parseUrlList(value) {
  const urls = [];
  for (const part of value.split(",")) {
    const result = parseEtcdUrl(part);
    if ("error" in result) return { urls, error: result.error };
    urls.push(result.url);
  }
  return { urls };
}
function parseInitialCluster(value) {
  const entries = [];
  if (value.trim() === "") return { entries };
  for (const part of value.split(",")) {
    if (part === "") continue;
    if (part.includes(";")) return { entries, error: "invalid semicolon separator in query" };
    const equals = part.indexOf("=");
    const name = decodeQueryPart(equals < 0 ? part : part.slice(0, equals));
    const url = decodeQueryPart(equals < 0 ? "" : part.slice(equals + 1));
    if (name === void 0 || url === void 0)
      return { entries, error: `invalid URL escape in ${JSON.stringify(part)}` };
    const parsed = parseEtcdUrl(url);
    if ("error" in parsed) return { entries, error: parsed.error };
    entries.push({ name, url: parsed.url.text });
  }
  return { entries };
}
function decodeQueryPart(text) {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return void 0;
  }
}
function isIpLiteral(hostname2) {
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(hostname2)) return true;
  return hostname2.includes(":") && /^[0-9a-fA-F:.]+$/.test(hostname2) && (hostname2.match(/::/g)?.length ?? 0) <= 1;
}
function normalizeUrl(text) {
  const parsed = parseEtcdUrl(text);
  return "url" in parsed ? `${parsed.url.scheme}://${parsed.url.host.toLowerCase()}` : text.trim();
}
function isLoopback(hostname2) {
  return hostname2 === "localhost" || hostname2.startsWith("127.") || hostname2 === "::1";
}
function hiddenUrlParts(raw) {
  const text = raw.trim();
  const match = /^(https?):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/is.exec(text);
  if (!match) return [];
  const [, , authority, path8, query, fragment] = match;
  const parts = [];
  const at2 = authority.lastIndexOf("@");
  if (at2 >= 0) parts.push(`a login part (${authority.slice(0, at2 + 1)})`);
  if (path8 !== "") parts.push(`a path (${path8})`);
  if (query !== void 0) parts.push(`a query (${query})`);
  if (fragment !== void 0) parts.push(`a fragment (${fragment})`);
  return parts;
}
function hiddenUrlPartsMessage(written3, url) {
  const parts = hiddenUrlParts(url);
  if (parts.length === 0) return void 0;
  const authority = /^[a-z]+:\/\/([^/?#]*)/i.exec(url.trim())?.[1] ?? "";
  const at2 = authority.lastIndexOf("@");
  const used = at2 >= 0 ? `Go's URL parser takes the host after the last '@', so etcd binds or advertises ${authority.slice(at2 + 1)}, not the address written first` : `etcd uses only ${authority}`;
  return `${written3} holds '${url.trim()}', which has ${parts.join(", ")}; ${used}. Write it as scheme://host:port only.`;
}

// src/lint/rules/startup-urls.ts
var LISTEN_URL_SETTINGS = [
  "listen-peer-urls",
  "listen-client-urls",
  "listen-client-http-urls",
  "listen-metrics-urls"
];
var ADVERTISE_URL_SETTINGS = ["initial-advertise-peer-urls", "advertise-client-urls"];
var URL_SETTINGS = [...LISTEN_URL_SETTINGS, ...ADVERTISE_URL_SETTINGS];
function parsedOccurrences(member, name) {
  const all = member.settings.filter((setting) => setting.name === name && !isTemplated(setting.value));
  const flags = all.filter(isFlag);
  if (flags.length > 0) return flags;
  return all.length > 0 ? [all[all.length - 1]] : [];
}
function validUrlSettings(member, names) {
  return names.flatMap(
    (name) => parsedOccurrences(member, name).flatMap((setting) => {
      if (setting.value.trim() === "") return [];
      const parsed = parseUrlList(setting.value);
      return parsed.error ? [] : [{ setting, urls: parsed.urls }];
    })
  );
}
var invalidUrl = {
  info: {
    id: "ETCD-101",
    severity: "error",
    name: "invalid-url",
    etcdDoes: "Refuses to start: every listen and advertise URL must be http, https, unix or unixs, with host:port and no path.",
    fix: "Write each URL as scheme://host:port, for example https://10.0.0.11:2380, separated by commas."
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    return URL_SETTINGS.flatMap(
      (name) => parsedOccurrences(member, name).flatMap((setting) => {
        if (setting.value.trim() === "") return [];
        const { error } = parseUrlList(setting.value);
        if (!error) return [];
        return [
          report(
            this.info,
            setting,
            `${written(setting)} is not a list of URLs etcd takes (scheme://host:port, no path); ${refuses(error)}.`,
            true
          )
        ];
      })
    );
  }
};
var listenUrlNotIp = {
  info: {
    id: "ETCD-102",
    severity: "error",
    name: "listen-url-not-ip",
    etcdDoes: "Refuses to start: a listen URL must name an IP address (or localhost) to bind to, not a host name.",
    fix: "Listen on the member\u2019s IP (or 0.0.0.0) and put the host name in the advertise URLs."
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    return validUrlSettings(member, LISTEN_URL_SETTINGS).flatMap(({ setting, urls }) => {
      const named = urls.find(
        (url) => !url.scheme.startsWith("unix") && url.hostname !== "localhost" && !isIpLiteral(url.hostname)
      );
      if (!named) return [];
      const message = `${written(setting)}: etcd binds a listen URL to an IP address or localhost, and ${named.hostname} is a host name; ${refuses(`expected IP in URL for binding (${named.scheme}://${named.host})`)}.`;
      return [report(this.info, setting, message, true)];
    });
  }
};
var advertiseUrlWithoutHost = {
  info: {
    id: "ETCD-103",
    severity: "error",
    name: "advertise-url-without-host",
    etcdDoes: "Refuses to start: an advertised URL must name the host other members and clients reach.",
    fix: "Write the member\u2019s address or DNS name in the advertise URL, for example https://10.0.0.11:2380."
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    return validUrlSettings(member, ADVERTISE_URL_SETTINGS).flatMap(({ setting, urls }) => {
      const empty = urls.find((url) => url.hostname === "");
      if (!empty) return [];
      const all = urls.map((url) => `${url.scheme}://${url.host}`).join(",");
      const etcdMessage = `--${setting.name} ${JSON.stringify(all)} must be "host:port" (unexpected empty host (${empty.scheme}://${empty.host}))`;
      return [report(this.info, setting, `${written(setting)} has no host; ${refuses(etcdMessage)}.`, true)];
    });
  }
};
function usesDiscovery(member) {
  return ["discovery", "discovery-srv", "discovery-endpoints"].some(
    (name) => (settingOf(member, name)?.value ?? "").trim() !== ""
  );
}
var invalidInitialCluster = {
  info: {
    id: "ETCD-104",
    severity: "error",
    name: "invalid-initial-cluster",
    etcdDoes: "Refuses to start: initial-cluster must be a comma-separated list of name=URL.",
    fix: "Write initial-cluster as name=scheme://host:port for every member, for example etcd-1=https://10.0.0.11:2380,etcd-2=https://10.0.0.12:2380."
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    const setting = settingOf(member, "initial-cluster");
    if (!setting || setting.value.trim() === "" || isTemplated(setting.value) || usesDiscovery(member)) return [];
    const { error } = parseInitialCluster(setting.value);
    if (!error) return [];
    const message = `${written(setting)} is not a list of name=URL entries; ${refuses(`error setting up initial cluster: ${error}`)}.`;
    return [report(this.info, setting, message, true)];
  }
};
var advertiseClientUrlsMissing = {
  info: {
    id: "ETCD-108",
    severity: "error",
    name: "advertise-client-urls-missing",
    etcdDoes: "Refuses to start: with listen-client-urls given as a flag or ETCD_* variable, advertise-client-urls must be given too.",
    fix: "Set advertise-client-urls to the client URLs clients use to reach this member."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    if (readsYaml(member)) return [];
    const listen = settingOf(member, "listen-client-urls");
    if (!listen || settingOf(member, "advertise-client-urls")) return [];
    if (version.minor !== "3.6") {
      const proxy = settingOf(member, "proxy")?.value ?? "off";
      const fallback = settingOf(member, "discovery-fallback")?.value ?? "proxy";
      if (proxy !== "off" || (settingOf(member, "discovery")?.value ?? "") !== "" && fallback === "proxy") return [];
    }
    const etcdMessage = "--advertise-client-urls is required when --listen-client-urls is set explicitly";
    return [
      report(this.info, listen, `${written(listen)} is set but advertise-client-urls is not; ${refuses(etcdMessage)}.`)
    ];
  }
};
var clientUrlListedTwice = {
  info: {
    id: "ETCD-118",
    severity: "error",
    name: "client-url-listed-twice",
    etcdDoes: "Refuses to start (3.4.25+, 3.5.8+, 3.6) when one URL is in both listen-client-urls and listen-client-http-urls.",
    fix: "Give listen-client-http-urls its own port: it serves HTTP only, beside the gRPC of listen-client-urls."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const http = validUrlSettings(member, ["listen-client-http-urls"]);
    const grpc = validUrlSettings(member, ["listen-client-urls"]).flatMap(
      ({ urls }) => urls.map((url) => `${url.scheme}://${url.host}`)
    );
    return http.flatMap(({ setting, urls }) => {
      const shared = urls.find((url) => grpc.includes(`${url.scheme}://${url.host}`));
      if (!shared) return [];
      const flags = version.minor === "3.6" ? "--listen-client-urls and --listen-client-http-urls" : "--client-listen-urls and --client-listen-http-urls";
      const etcdMessage = `cannot bind both ${flags} on the same url ${shared.scheme}://${shared.host}`;
      return [
        report(
          this.info,
          setting,
          `${written(setting)}: ${shared.text} is in listen-client-urls too; ${refuses(etcdMessage)}.`,
          true
        )
      ];
    });
  }
};
function urlsWithHiddenParts(setting) {
  const urls = setting.name === "initial-cluster" ? parseInitialCluster(setting.value).entries.map((entry) => entry.url) : URL_SETTINGS.includes(setting.name) ? setting.value.split(",") : [];
  return urls.flatMap((url) => hiddenUrlPartsMessage(`\`${setting.key}\``, url) ?? []);
}
var urlHiddenParts = {
  info: {
    id: "ETCD-410",
    severity: "error",
    name: "url-hidden-parts",
    etcdDoes: "Takes a URL with a login part (user:password@), query or fragment and ignores those parts: it binds or advertises the host after the last @, so http://10.0.0.11:2381@0.0.0.0:2381 reads as one address and listens on every interface.",
    fix: "Write each URL as scheme://host:port only."
  },
  member(member) {
    return [...URL_SETTINGS, "initial-cluster"].flatMap(
      (name) => (
        // A URL list etcd refuses (a path, say) is invalid-url's finding.
        parsedOccurrences(member, name).flatMap(
          (setting) => (name !== "initial-cluster" && parseUrlList(setting.value).error ? [] : urlsWithHiddenParts(setting)).slice(0, 1).map((message) => report(this.info, setting, message, true))
        )
      )
    );
  }
};

// src/lint/rules/boot.ts
var MAX_CONFIG_MEMBERS = 9;
var SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
var URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(\[[^\]]*\]|[^/:?#]*)(?::(\d*))?(.*)$/s;
var URL_LISTS = /* @__PURE__ */ new Set([
  "listen-client-urls",
  "listen-client-http-urls",
  "advertise-client-urls",
  "listen-peer-urls",
  "initial-advertise-peer-urls",
  "listen-metrics-urls"
]);
function splitUrl(url) {
  const match = URL_PARTS.exec(url.trim());
  if (!match) return void 0;
  const [, scheme, host, port, rest] = match;
  return { scheme: scheme.toLowerCase(), host: host.replace(/^\[(.*)\]$/, "$1"), port, rest };
}
var listItems = (value) => value.split(",").map((item) => item.trim()).filter((item) => item !== "");
function urlsOf(setting) {
  if (setting.name === "initial-cluster")
    return listItems(setting.value).map((entry) => entry.split(/=(.*)/s)[1] ?? "");
  return URL_LISTS.has(setting.name) ? listItems(setting.value) : [];
}
var FIX_SET = "Boot the folder that holds every member\u2019s file, one file per member, each listing all of them in initial-cluster.";
function bootRule(id, name, etcdDoes, fix) {
  return { id, severity: "error", name, etcdDoes: `\`etcd-ha run --config\` refuses to start: ${etcdDoes}`, fix };
}
var BOOT_RULE_INFO = {
  tooManyMembers: bootRule(
    "ETCD-601",
    "boot-too-many-members",
    `the configuration has more than ${MAX_CONFIG_MEMBERS} members, the most a run starts.`,
    `Boot at most ${MAX_CONFIG_MEMBERS} members' files.`
  ),
  memberTwice: bootRule(
    "ETCD-602",
    "boot-member-defined-twice",
    "two files define one member name, so the run cannot tell which to start.",
    "Give each member one file: leave the copy out of the folder booted."
  ),
  unsafeName: bootRule(
    "ETCD-603",
    "boot-member-name",
    "the run names folders and containers after each member, so a name must be letters, digits, `.`, `_` and `-` (up to 63).",
    "Rename the member (and its initial-cluster entries)."
  ),
  discovery: bootRule(
    "ETCD-604",
    "boot-discovery",
    "a member bootstraps through discovery, which names no member; the run needs initial-cluster.",
    "Write initial-cluster naming every member instead of discovery or discovery-srv."
  ),
  configFile: bootRule(
    "ETCD-605",
    "boot-config-file-not-given",
    "the member reads a --config-file that is not among the files given, so its settings are not known.",
    "Give that file too (in the folder booted)."
  ),
  unixSocket: bootRule(
    "ETCD-606",
    "boot-unix-socket-url",
    "a URL is a unix socket; the run maps every URL to a member\u2019s address, which a unix socket has none of.",
    "Use scheme://host:port URLs in the configuration booted."
  ),
  notUrl: bootRule(
    "ETCD-607",
    "boot-not-a-url",
    "a URL is not scheme://host:port (a path, or no scheme), so the run cannot map it to a member\u2019s address.",
    "Write each URL as scheme://host:port."
  ),
  noInitialCluster: bootRule(
    "ETCD-608",
    "boot-no-initial-cluster",
    "a member of a configuration of several has no initial-cluster, so it would start a cluster of its own.",
    FIX_SET
  ),
  unknownMember: bootRule(
    "ETCD-609",
    "boot-member-without-file",
    "initial-cluster names a member no file given defines, so the run cannot start it.",
    FIX_SET
  ),
  leftOut: bootRule(
    "ETCD-610",
    "boot-member-left-out",
    "a member\u2019s initial-cluster leaves out a member another file defines.",
    FIX_SET
  ),
  timing: bootRule(
    "ETCD-611",
    "boot-timing-not-milliseconds",
    "the first member\u2019s heartbeat-interval or election-timeout is not a whole number of milliseconds, which the run\u2019s timing needs.",
    "Write heartbeat-interval and election-timeout as whole milliseconds (100, 1000)."
  )
};
var BOOT_RULES = Object.values(BOOT_RULE_INFO);
var at = (position, rule, message) => ({
  file: position.file,
  line: position.line,
  column: position.column,
  severity: "error",
  rule: rule.id,
  message
});
var valueAt = (setting) => setting.valueAt ?? setting.at;
var memberAt = (member) => settingOf(member, "name")?.at ?? { file: member.file, line: 1, column: 1 };
function bootRefusals(members) {
  const rules = BOOT_RULE_INFO;
  const found = [];
  if (members.length > MAX_CONFIG_MEMBERS) {
    const extra = members[MAX_CONFIG_MEMBERS];
    found.push(
      at(
        memberAt(extra),
        rules.tooManyMembers,
        `member ${extra.name} is member ${MAX_CONFIG_MEMBERS + 1} of ${members.length}; a run starts at most ${MAX_CONFIG_MEMBERS}`
      )
    );
  }
  const names = /* @__PURE__ */ new Map();
  for (const member of members) {
    const earlier = names.get(member.name);
    if (earlier)
      found.push(
        at(
          memberAt(member),
          rules.memberTwice,
          `member ${member.name} is defined twice (also in ${earlier.file}); each member needs one file`
        )
      );
    if (!SAFE_NAME.test(member.name))
      found.push(
        at(
          memberAt(member),
          rules.unsafeName,
          `member name '${member.name}': the run needs names of letters, digits, '.', '_' and '-' (up to 63), as it names folders and containers after them`
        )
      );
    if (!earlier) names.set(member.name, member);
  }
  for (const member of members) {
    for (const name of ["discovery", "discovery-srv"]) {
      const setting = settingOf(member, name);
      if (setting && setting.value.trim() !== "")
        found.push(
          at(
            setting.at,
            rules.discovery,
            `${setting.key} bootstraps member ${member.name} through discovery; a run needs initial-cluster, which names every member`
          )
        );
    }
    const configFile = settingOf(member, "config-file");
    if (configFile)
      found.push(
        at(
          configFile.at,
          rules.configFile,
          `${configFile.key} names ${configFile.value}, which is not among the files given; give that file too, so its settings are known`
        )
      );
    for (const setting of member.settings) {
      const hidden = urlsWithHiddenParts(setting)[0];
      if (hidden) {
        found.push(at(valueAt(setting), urlHiddenParts.info, hidden));
        continue;
      }
      for (const url of urlsOf(setting)) {
        const parts = splitUrl(url);
        if (parts?.scheme === "unix" || parts?.scheme === "unixs")
          found.push(
            at(
              valueAt(setting),
              rules.unixSocket,
              `${setting.key} holds the unix socket URL '${url}'; a run maps every URL to a member's address, which a unix socket has none of`
            )
          );
        else if (!parts || parts.rest !== "")
          found.push(
            at(
              valueAt(setting),
              rules.notUrl,
              `${setting.key} holds '${url}', which is not a URL (scheme://host:port)`
            )
          );
      }
    }
    const initialCluster = settingOf(member, "initial-cluster");
    if (!initialCluster) {
      if (members.length > 1)
        found.push(
          at(
            memberAt(member),
            rules.noInitialCluster,
            `member ${member.name} has no initial-cluster, so it would start a cluster of its own; name every member in it`
          )
        );
      continue;
    }
    const named = new Set(listItems(initialCluster.value).map((entry) => entry.split("=")[0]));
    for (const name of named)
      if (!names.has(name))
        found.push(
          at(
            valueAt(initialCluster),
            rules.unknownMember,
            `${initialCluster.key} names member ${name}, which no file given defines (members: ${[...names.keys()].join(", ")})`
          )
        );
    for (const name of names.keys())
      if (!named.has(name))
        found.push(
          at(
            valueAt(initialCluster),
            rules.leftOut,
            `${initialCluster.key} of member ${member.name} leaves out member ${name} (${names.get(name)?.file})`
          )
        );
  }
  const first = members[0];
  for (const name of ["heartbeat-interval", "election-timeout"])
    if (first) {
      const setting = settingOf(first, name);
      if (setting && !/^\d+$/.test(setting.value.trim()))
        found.push(
          at(
            valueAt(setting),
            rules.timing,
            `${setting.key} is '${setting.value}'; etcd takes a whole number of milliseconds`
          )
        );
    }
  return found;
}

// src/cluster/user-config.ts
import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import path from "node:path";
var ETCD_DEFAULTS = {
  token: "etcd-cluster",
  heartbeatMs: 100,
  electionMs: 1e3,
  urls: {
    "listen-client-urls": "http://localhost:2379",
    "advertise-client-urls": "http://localhost:2379",
    "listen-peer-urls": "http://localhost:2380",
    "initial-advertise-peer-urls": "http://localhost:2380"
  }
};
var PEER_URLS = /* @__PURE__ */ new Set(["listen-peer-urls", "initial-advertise-peer-urls"]);
var PKI_FILES = {
  "cert-file": "serverCert",
  "key-file": "serverKey",
  "trusted-ca-file": "caCert",
  "peer-cert-file": "peerCert",
  "peer-key-file": "peerKey",
  "peer-trusted-ca-file": "caCert"
};
var DROPPED = /* @__PURE__ */ new Set(["client-crl-file", "peer-crl-file"]);
var LOG_OUTPUTS = /* @__PURE__ */ new Set(["log-outputs", "log-output"]);
var DNS_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
var bracketed = (address) => isIP(address) === 6 ? `[${address}]` : address;
function joinUrl(parts, host) {
  return `${parts.scheme}://${bracketed(host)}${parts.port === void 0 ? "" : `:${parts.port}`}`;
}
function rehostUrls(value, address, preferScheme) {
  const byListener = /* @__PURE__ */ new Map();
  for (const item of listItems(value)) {
    const parts = splitUrl(item);
    if (!parts) continue;
    const key = parts.port ?? "";
    const kept = byListener.get(key);
    if (!kept || kept.scheme !== parts.scheme && parts.scheme === preferScheme) byListener.set(key, parts);
  }
  return [...byListener.values()].map((parts) => joinUrl(parts, address)).join(",");
}
function rehostInitialCluster(value, addressOf) {
  const entries = listItems(value).map((entry) => {
    const [name, url] = entry.split(/=(.*)/s);
    const address = addressOf(name);
    const parts = url === void 0 ? void 0 : splitUrl(url);
    return address && parts ? `${name}=${joinUrl(parts, address)}` : entry;
  });
  return [...new Set(entries)].join(",");
}
function firstScheme(value) {
  return value === void 0 ? void 0 : splitUrl(listItems(value)[0] ?? "")?.scheme;
}
function configuredSettings(spec, member) {
  const written3 = new Map(member.configured.settings.map(({ name, value }) => [name, value]));
  const addressOf = (name) => spec.members.find((candidate) => candidate.name === name)?.address;
  const clientScheme = firstScheme(written3.get("advertise-client-urls"));
  const peerScheme = firstScheme(written3.get("initial-advertise-peer-urls"));
  const asWritten = member.configured.urlsAsWritten === true;
  const { bootstrap, advertisedPeerUrl } = member;
  const initialCluster = bootstrap?.initialCluster ?? (advertisedPeerUrl ? spec.initialCluster : void 0);
  const settings = /* @__PURE__ */ new Map();
  for (const { name, value } of member.configured.settings) {
    if (DROPPED.has(name)) continue;
    if (name === "name") settings.set(name, member.name);
    else if (name === "initial-cluster" && initialCluster !== void 0) settings.set(name, initialCluster);
    else if (name === "initial-advertise-peer-urls" && advertisedPeerUrl) settings.set(name, advertisedPeerUrl);
    else if (name === "initial-cluster-token" && bootstrap) settings.set(name, bootstrap.token);
    else if (name === "initial-cluster-state" && bootstrap) settings.set(name, bootstrap.state);
    else if (asWritten && (URL_LISTS.has(name) || name === "initial-cluster")) settings.set(name, value);
    else if (name === "data-dir") settings.set(name, member.dataDir);
    else if (name === "wal-dir") settings.set(name, configuredWalDir(member.dataDir));
    else if (URL_LISTS.has(name))
      settings.set(name, rehostUrls(value, member.address, PEER_URLS.has(name) ? peerScheme : clientScheme));
    else if (name === "initial-cluster") settings.set(name, rehostInitialCluster(value, addressOf));
    else if (PKI_FILES[name]) settings.set(name, member.pki[PKI_FILES[name]]);
    else if (LOG_OUTPUTS.has(name)) settings.set(name, "stderr");
    else if (name === "initial-cluster-state" && value === "existing") settings.set(name, "new");
    else settings.set(name, value);
  }
  const add = (name, value) => {
    if (value !== void 0 && !settings.has(name)) settings.set(name, value);
  };
  add("data-dir", member.dataDir);
  if (bootstrap) add("name", member.name);
  add("initial-cluster", initialCluster);
  add("initial-advertise-peer-urls", advertisedPeerUrl);
  add("initial-cluster-token", bootstrap?.token);
  add("initial-cluster-state", bootstrap?.state);
  if (!asWritten) {
    for (const [listen, advertise] of [
      ["listen-client-urls", "advertise-client-urls"],
      ["listen-peer-urls", "initial-advertise-peer-urls"]
    ]) {
      if (!written3.has(listen)) add(listen, rehostUrls(ETCD_DEFAULTS.urls[listen], member.address));
      if (!written3.has(listen) && !written3.has(advertise))
        add(advertise, rehostUrls(ETCD_DEFAULTS.urls[advertise], member.address));
    }
  }
  return [...settings];
}
function configuredWalDir(dataDir) {
  return path.posix.join(dataDir, "wal");
}
function walDirOf(member, dataDir) {
  return member.configured?.settings.some((setting) => setting.name === "wal-dir") ? configuredWalDir(dataDir) : void 0;
}
function configuredSpareMember(spec, member) {
  const template = spec.members.find((candidate) => candidate.configured)?.configured;
  if (!template) return member;
  const from = spec.members.find((candidate) => candidate.configured === template);
  const { settings } = template;
  return {
    ...member,
    ...memberUrls(settings, (url) => rehostUrls(url, member.address)),
    configured: { file: template.file, form: template.form, settings, derivedFrom: from.name }
  };
}
function memberUrls(settings, rehost) {
  const first = (...names) => names.map((name) => listItems(settings.find((setting) => setting.name === name)?.value ?? "")[0]).find((url) => url !== void 0);
  return {
    clientUrl: rehost(
      first("advertise-client-urls", "listen-client-urls") ?? ETCD_DEFAULTS.urls["advertise-client-urls"]
    ),
    peerUrl: rehost(
      first("initial-advertise-peer-urls", "listen-peer-urls") ?? ETCD_DEFAULTS.urls["initial-advertise-peer-urls"]
    )
  };
}
function configMapping(spec, asRun = (member) => member, derived = []) {
  return [...spec.members, ...derived.map(({ member }) => member)].flatMap((member) => {
    if (!member.configured) return [];
    const configured = member.configured;
    const source = configured.derivedFrom ? spec.members.find((candidate) => candidate.name === configured.derivedFrom)?.configured : configured;
    const rendered = new Map(configuredSettings(spec, { ...asRun(member), configured }));
    const written3 = new Map((source ?? configured).settings.map(({ name, value }) => [name, value]));
    const rows = [];
    for (const [setting, config] of written3) {
      const run = rendered.get(setting) ?? null;
      if (run !== config) rows.push({ member: member.name, setting, config, run });
    }
    for (const [setting, run] of rendered)
      if (!written3.has(setting)) rows.push({ member: member.name, setting, config: null, run });
    return rows;
  });
}
function configFiles(spec, derived = []) {
  return [
    ...spec.members.flatMap(
      (member) => member.configured ? [{ member: member.name, file: member.configured.file, form: member.configured.form }] : []
    ),
    ...derived.flatMap(
      ({ member, check }) => member.configured?.derivedFrom ? [
        {
          member: member.name,
          file: member.configured.file,
          form: member.configured.form,
          derivedFrom: member.configured.derivedFrom,
          forCheck: check
        }
      ] : []
    )
  ];
}
var where = (at2) => `${at2.file}:${at2.line}:${at2.column}`;
var valueWhere = (setting) => where(setting.valueAt ?? setting.at);
function refuse(at2, message) {
  throw new ConfigurationError(`${at2}: ${message}`);
}
function hostsOf(member) {
  const hosts = /* @__PURE__ */ new Set();
  for (const setting of member.settings) {
    const urls = setting.name === "initial-cluster" ? listItems(setting.value).filter((entry) => entry.split("=")[0] === member.name).map((entry) => entry.split(/=(.*)/s)[1] ?? "") : urlsOf(setting);
    for (const url of urls) {
      const host = splitUrl(url)?.host;
      if (host && host !== "0.0.0.0" && host !== "::" && usableSan(host)) hosts.add(host);
    }
  }
  return [...hosts];
}
var usableSan = (name) => isIP(name) !== 0 || DNS_NAME.test(name);
function certificateNames(member) {
  const kubeadm = [...member.certSans?.server ?? [], ...member.certSans?.peer ?? []].filter(usableSan);
  return [.../* @__PURE__ */ new Set([...hostsOf(member), ...kubeadm])];
}
function assertBootable(members) {
  const refusal = bootRefusals(members)[0];
  if (refusal) refuse(`${refusal.file}:${refusal.line}:${refusal.column}`, `${refusal.message} (${refusal.rule})`);
}
function millis(member, name, fallback) {
  const setting = settingOf(member, name);
  if (!setting) return fallback;
  if (!/^\d+$/.test(setting.value.trim()))
    refuse(valueWhere(setting), `${setting.key} is '${setting.value}'; etcd takes a whole number of milliseconds`);
  return Number(setting.value);
}
function lastValues(member) {
  const values = /* @__PURE__ */ new Map();
  for (const setting of member.settings) values.set(setting.name, setting.value);
  return [...values].map(([name, value]) => ({ name, value }));
}
function clusterSpecFromConfig(members, stateDir, sandbox, options) {
  assertBootable(members);
  if (sandbox.addresses.length < members.length)
    throw new Error(`${members.length} members need ${members.length} addresses, ${sandbox.addresses.length} given`);
  const root = path.resolve(stateDir);
  const pki = pkiPaths(options.pkiRoot ? path.resolve(options.pkiRoot) : path.join(root, "pki"));
  const runId = options.runId ?? randomBytes(4).toString("hex");
  const specs = members.map((config, index) => {
    const address = sandbox.addresses[index];
    const rehost = (url) => sandbox.urlsAsWritten ? url : rehostUrls(url, address);
    return {
      name: config.name,
      address,
      ...memberUrls(lastValues(config), rehost),
      dataDir: path.join(root, "data", config.name),
      logFile: path.join(root, "logs", `${config.name}.log`),
      pki: memberPkiPaths(pki, config.name),
      configured: {
        file: config.file,
        form: config.form,
        settings: lastValues(config),
        ...sandbox.urlsAsWritten ? { urlsAsWritten: true } : {}
      },
      extraSans: certificateNames(config)
    };
  });
  const firstMember = members[0];
  const timing = {
    heartbeatMs: millis(firstMember, "heartbeat-interval", ETCD_DEFAULTS.heartbeatMs),
    electionMs: millis(firstMember, "election-timeout", ETCD_DEFAULTS.electionMs),
    startupTimeoutMs: options.startupTimeoutMs
  };
  const port = (url, fallback) => Number(splitUrl(url)?.port || fallback);
  const spec = {
    runId,
    token: settingOf(firstMember, "initial-cluster-token")?.value ?? ETCD_DEFAULTS.token,
    stateDir: root,
    topology: {
      members: specs.length,
      baseAddress: options.topology.baseAddress,
      clientPort: port(specs[0].clientUrl, 2379),
      peerPort: port(specs[0].peerUrl, 2380),
      extraSans: options.topology.extraSans,
      certValidityDays: options.topology.certValidityDays,
      keyAlgorithm: options.topology.keyAlgorithm
    },
    timing,
    members: specs,
    initialCluster: "",
    pki
  };
  const initialCluster = settingOf(firstMember, "initial-cluster");
  spec.initialCluster = initialCluster ? rehostInitialCluster(
    initialCluster.value,
    (name) => sandbox.urlsAsWritten ? void 0 : specs.find((member) => member.name === name)?.address
  ) : `${specs[0].name}=${specs[0].peerUrl}`;
  return spec;
}

// src/targets/container/entry.ts
import { randomInt } from "node:crypto";

// src/cluster/flags.ts
var import_yaml = __toESM(require_dist(), 1);
function memberSettings(spec, member, adjust) {
  const settings = startedSettings(spec, member);
  return adjust ? adjust(settings) : settings;
}
function startedSettings(spec, member) {
  if (member.configured) return configuredSettings(spec, { ...member, configured: member.configured });
  const files = member.pki;
  return [
    ["name", member.name],
    ["data-dir", member.dataDir],
    ["listen-client-urls", member.clientUrl],
    ["advertise-client-urls", member.clientUrl],
    ["listen-peer-urls", member.peerUrl],
    ["initial-advertise-peer-urls", member.advertisedPeerUrl ?? member.peerUrl],
    // A member beyond the spec's starts into the cluster its bootstrap names (joining, or restored).
    ["initial-cluster", member.bootstrap?.initialCluster ?? spec.initialCluster],
    ["initial-cluster-token", member.bootstrap?.token ?? spec.token],
    ["initial-cluster-state", member.bootstrap?.state ?? "new"],
    ["client-cert-auth", true],
    ["trusted-ca-file", files.caCert],
    ["cert-file", files.serverCert],
    ["key-file", files.serverKey],
    ["peer-client-cert-auth", true],
    ["peer-trusted-ca-file", files.caCert],
    ["peer-cert-file", files.peerCert],
    ["peer-key-file", files.peerKey],
    ["heartbeat-interval", String(spec.timing.heartbeatMs)],
    ["election-timeout", String(spec.timing.electionMs)],
    // A restarted member must not disrupt a healthy leader (etcd 3.5's default; 3.4 needs it said).
    ["pre-vote", true],
    ["logger", "zap"],
    ["log-outputs", "stderr"]
  ];
}
function etcdFlags(spec, member, adjust) {
  return memberSettings(spec, member, adjust).map(
    ([name, value]) => value === true ? `--${name}` : `--${name}=${value}`
  );
}
var LISTENERS = {
  "listen-client-urls": "client",
  "listen-client-http-urls": "client",
  "listen-peer-urls": "peer",
  "listen-metrics-urls": "metrics"
};
function memberListeners(spec, member) {
  return memberSettings(spec, member).flatMap(([name, value]) => {
    const role = LISTENERS[name];
    if (!role || typeof value !== "string") return [];
    return value.split(",").flatMap((item) => {
      const match = /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]*\]|[^/:?#]*):(\d+)/i.exec(item.trim());
      return match ? [{ role, address: match[1].replace(/^\[(.*)\]$/, "$1"), port: Number(match[2]) }] : [];
    });
  });
}
var TLS_SECTIONS = {
  "client-cert-auth": ["client-transport-security", "client-cert-auth"],
  "trusted-ca-file": ["client-transport-security", "trusted-ca-file"],
  "cert-file": ["client-transport-security", "cert-file"],
  "key-file": ["client-transport-security", "key-file"],
  "peer-client-cert-auth": ["peer-transport-security", "client-cert-auth"],
  "peer-trusted-ca-file": ["peer-transport-security", "trusted-ca-file"],
  "peer-cert-file": ["peer-transport-security", "cert-file"],
  "peer-key-file": ["peer-transport-security", "key-file"],
  "auto-tls": ["client-transport-security", "auto-tls"],
  "peer-auto-tls": ["peer-transport-security", "auto-tls"]
};
var NUMBERS = /* @__PURE__ */ new Set(["heartbeat-interval", "election-timeout"]);
var LISTS = /* @__PURE__ */ new Set(["log-outputs", "cipher-suites"]);
var STRINGS = /* @__PURE__ */ new Set([
  "name",
  "initial-cluster-token",
  "auto-compaction-retention",
  "discovery-srv-name",
  "discovery-token",
  "log-level"
]);
var GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
var DURATION_NS = { ns: 1, us: 1e3, \u00B5s: 1e3, ms: 1e6, s: 1e9, m: 6e10, h: 36e11 };
function configFileValue(name, value) {
  if (typeof value === "boolean" || STRINGS.has(name)) return value;
  if (NUMBERS.has(name) || /^\d+$/.test(value)) return Number(value);
  if (LISTS.has(name)) return value.split(",");
  if (value === "true" || value === "false") return value === "true";
  if (GO_DURATION.test(value)) {
    return [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)].reduce(
      (total, [, amount, unit]) => total + Number(amount) * DURATION_NS[unit],
      0
    );
  }
  return value;
}
function etcdConfigYaml(spec, member, adjust) {
  const config = {};
  for (const [name, value] of memberSettings(spec, member, adjust)) {
    const section = TLS_SECTIONS[name];
    const typed = configFileValue(name, value);
    if (section) (config[section[0]] ??= {})[section[1]] = typed;
    else config[name] = typed;
  }
  return `# etcd member ${member.name}, written by etcd-ha from the cluster spec of run ${spec.runId}
${(0, import_yaml.stringify)(config)}`;
}

// src/targets/addressing.ts
var FIXED_LOOPBACK_BASE = "127.0.0.11";
var LOOPBACK_BASE = {
  defaultBase: () => FIXED_LOOPBACK_BASE,
  baseProblem: (octets, isIpv4, members) => !isIpv4 || octets[0] !== 127 || octets[3] < 1 || octets[3] + members - 1 > 254 ? `an IPv4 loopback address 127.x.y.z with z from 1 to ${255 - members} (one address per member, counting up)` : void 0
};
function sandboxAddresses(target, baseAddress, count, label) {
  const last = Number(baseAddress.split(".")[3]) + count - 1;
  if (last > 254) {
    throw new ConfigurationError(
      `${label("base-address")} is '${baseAddress}'; allowed: an address whose last number leaves room for the configuration's ${count} members (at most ${255 - count}) on the ${target} target`
    );
  }
  return Array.from({ length: count }, (_, index) => memberAddress(baseAddress, index));
}

// src/targets/container/container-target.ts
import { appendFile, mkdir, readFile as readFile4, rm } from "node:fs/promises";
import path3 from "node:path";

// src/cluster/listener.ts
import { request as httpRequest } from "node:http";
import { request } from "node:https";
var ATTEMPT_TIMEOUT_MS = 250;
var RETRY_MS = 10;
function membersAnswer(peerUrl, tls) {
  return new Promise((resolve) => {
    const url = new URL("/members", peerUrl);
    const get = url.protocol === "http:" ? httpRequest(url, { method: "GET", agent: false, timeout: ATTEMPT_TIMEOUT_MS }) : request(url, {
      method: "GET",
      agent: false,
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      // Only readiness matters here; certificates are verified by every real request.
      rejectUnauthorized: false,
      timeout: ATTEMPT_TIMEOUT_MS
    });
    get.once("response", (response) => {
      response.resume();
      resolve(true);
    });
    get.once("timeout", () => get.destroy());
    get.once("error", () => resolve(false));
    get.end();
  });
}
async function waitForPeerApi(peerUrl, tls, deps) {
  const outcome = await pollUntil(
    async () => {
      if (await membersAnswer(peerUrl, tls)) return true;
      return await deps.stillRunning() ? void 0 : false;
    },
    { what: `${peerUrl}/members to answer`, timeoutMs: deps.timeoutMs, intervalMs: RETRY_MS, clock: deps.clock }
  ).catch(() => false);
  return outcome;
}

// src/cluster/status.ts
async function collectStatus(client, members, timeoutMs) {
  return Promise.all(
    members.map(async (member) => {
      try {
        return { member, status: await client.status(member.clientUrl, { timeoutMs }) };
      } catch (error) {
        return { member, error: errorMessage(error) };
      }
    })
  );
}
function agreedLeader(rows) {
  const leaders = new Set(rows.map((row) => row.status?.leader));
  const [leader] = leaders;
  return leaders.size === 1 && leader !== void 0 ? leader : void 0;
}
function leaderOf(rows, leaderId) {
  return rows.find((row) => row.status?.id === leaderId)?.member;
}
async function statusWithAgreedLeader(spec, client, timeoutMs) {
  const rows = await collectStatus(client, spec.members, timeoutMs);
  const leaderId = agreedLeader(rows);
  const leader = leaderId ? leaderOf(rows, leaderId) : void 0;
  return leaderId && leader ? { rows, leaderId, leader } : void 0;
}
function waitForApplied(client, member, raftIndex, deps) {
  return pollUntil(
    async () => (await client.status(member.clientUrl, { timeoutMs: deps.requestTimeoutMs })).raftAppliedIndex >= raftIndex ? true : void 0,
    {
      what: `${member.name} to apply up to raft index ${raftIndex}`,
      timeoutMs: deps.timeoutMs,
      intervalMs: deps.intervalMs,
      clock: deps.clock
    }
  );
}

// src/cluster/up.ts
var ClusterStartError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "ClusterStartError";
  }
};
var HEALTH_POLL_MS = 50;
var LOG_TAIL_LINES = 15;
function lastLoggedError(log) {
  const lines = log.trimEnd().split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!/"level":"(error|dpanic|panic|fatal)"/.test(lines[i])) continue;
    try {
      const record = JSON.parse(lines[i]);
      return [record.msg, record.error].filter(Boolean).join(": ");
    } catch {
      return lines[i];
    }
  }
  return void 0;
}
async function describeMember(target, member, why) {
  const log = await target.logs(member);
  const lastError = lastLoggedError(log);
  const tail = lastLines(log, LOG_TAIL_LINES);
  return `${member.name} (${member.clientUrl}) ${why}` + (lastError ? `; etcd's last error: ${lastError}` : "") + `; last lines of its log:
${tail || "(empty log)"}`;
}
async function waitForHealthyCluster(spec, target, client, deps) {
  const { clock } = deps;
  const members = deps.members ?? spec.members;
  const started = clock.now();
  const healthy = /* @__PURE__ */ new Set();
  const lastErrors = /* @__PURE__ */ new Map();
  try {
    const leader = await pollUntil(
      async () => {
        const exited = [];
        await Promise.all(
          members.filter((member) => !healthy.has(member.name)).map(async (member) => {
            try {
              await client.health(member.clientUrl, { timeoutMs: Math.max(1e3, spec.timing.electionMs * 2) });
              healthy.add(member.name);
            } catch (error) {
              lastErrors.set(member.name, errorMessage(error));
              if (!await target.isRunning(member)) exited.push(member);
            }
          })
        );
        if (exited.length > 0)
          throw new ClusterStartError(await describeMember(target, exited[0], "exited while the cluster was starting"));
        if (healthy.size < members.length) return void 0;
        return (await statusWithAgreedLeader(spec, client, 1e3))?.leader;
      },
      {
        what: "every member to be healthy and agree on a leader",
        timeoutMs: spec.timing.startupTimeoutMs,
        intervalMs: HEALTH_POLL_MS,
        clock,
        isFatal: (error) => error instanceof ClusterStartError
      }
    );
    return { leader, elapsedMs: clock.now() - started };
  } catch (error) {
    if (error instanceof ClusterStartError) throw error;
    if (!(error instanceof PollTimeoutError)) throw error;
    const unhealthy = members.filter((member) => !healthy.has(member.name));
    const details = await Promise.all(
      unhealthy.map(
        (member) => describeMember(target, member, `was not healthy (${lastErrors.get(member.name) ?? "no answer"})`)
      )
    );
    throw new ClusterStartError(
      `the cluster was not healthy within ${spec.timing.startupTimeoutMs} ms` + (details.length > 0 ? `:
${details.join("\n")}` : " (all members answered but did not agree on a leader)")
    );
  }
}
var PEER_LISTENER_WAIT_MS = 5e3;
function firstAsked(members) {
  const url = (member) => member.advertisedPeerUrl ?? member.peerUrl;
  return [...members].sort((a, b) => url(a) < url(b) ? -1 : url(a) > url(b) ? 1 : 0)[0];
}
async function startCluster(spec, target, client, deps) {
  await target.preflight();
  const started = deps.clock.now();
  const first = firstAsked(spec.members);
  await target.start(first);
  const serving = await waitForPeerApi(first.peerUrl, deps.peerTls, {
    clock: deps.clock,
    timeoutMs: Math.min(PEER_LISTENER_WAIT_MS, spec.timing.startupTimeoutMs),
    stillRunning: () => target.isRunning(first)
  });
  if (!await target.isRunning(first)) {
    throw new ClusterStartError(await describeMember(target, first, "exited while the cluster was starting"));
  }
  if (!serving)
    deps.logger.debug(
      `${first.name} did not serve its peer API within ${PEER_LISTENER_WAIT_MS} ms; starting the other members anyway`
    );
  await Promise.all(spec.members.filter((member) => member !== first).map((member) => target.start(member)));
  deps.logger.info(`started ${spec.members.length} members: ${spec.members.map((m) => m.clientUrl).join(", ")}`);
  const { leader } = await waitForHealthyCluster(spec, target, client, deps);
  return { leader, elapsedMs: deps.clock.now() - started };
}

// src/etcd/upgrade.ts
function upgradeOrder(members, leaderName) {
  const leader = leaderName === void 0 ? void 0 : members.find((member) => member.name === leaderName);
  if (!leader) return [...members];
  const followers = members.filter((member) => member !== leader).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return [...followers, leader];
}
function parseRelease(text) {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!match) return void 0;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: match[3] === void 0 ? Infinity : Number(match[3]),
    text
  };
}
var minorText = (release) => `${release.major}.${release.minor}`;
var patchText = (release) => release.patch === Infinity ? `${minorText(release)}.x` : release.text;
var DOWNGRADE_REFUSALS = [
  {
    releases: "3.4.0 to 3.4.30, zap logger",
    message: "invalid downgrade; server version is lower than determined cluster version",
    source: "etcdserver/api/membership/cluster.go (mustDetectDowngrade), tag v3.4.23"
  },
  {
    releases: "3.4.0 to 3.4.30, capnslog logger",
    message: "cluster cannot be downgraded (current version: %s is lower than determined cluster version: %s).",
    source: "etcdserver/api/membership/cluster.go (mustDetectDowngrade), tag v3.4.23"
  },
  {
    releases: "3.4.31 and later, without --next-cluster-version-compatible",
    message: "invalid downgrade; (current version: %s is lower than determined cluster version: %s).",
    source: "etcdserver/api/membership/cluster.go (detectDowngrade), branch release-3.4"
  },
  {
    releases: "3.5",
    message: "invalid downgrade; server version is lower than determined cluster version",
    source: "server/etcdserver/api/membership/downgrade.go (mustDetectDowngrade), branch release-3.5"
  },
  {
    releases: "3.5, while a downgrade to another release is enabled",
    message: "invalid downgrade; server version is not allowed to join when downgrade is enabled",
    source: "server/etcdserver/api/membership/downgrade.go (mustDetectDowngrade), branch release-3.5"
  },
  {
    releases: "3.6",
    message: "invalid downgrade; server version is lower than determined cluster version",
    source: "server/etcdserver/version/downgrade.go (MustDetectDowngrade), branch release-3.6"
  }
];
var REFUSAL_PATTERNS = DOWNGRADE_REFUSALS.map(({ message }) => message.split("%s")[0]);
function findDowngradeRefusal(log) {
  for (const line of log.split("\n")) {
    const at2 = REFUSAL_PATTERNS.map((pattern) => line.indexOf(pattern)).find((index) => index >= 0);
    if (at2 === void 0) continue;
    let record;
    try {
      const parsed = JSON.parse(line);
      if (parsed && typeof parsed === "object") record = parsed;
    } catch {
      record = void 0;
    }
    const text = (key) => typeof record?.[key] === "string" ? record[key] : void 0;
    const message = text("msg") ?? line.slice(at2).trim();
    const named = /current version: (\S+) is lower than determined cluster version: ([^\s).]+(?:\.\d+)*)/.exec(message);
    return {
      message,
      serverVersion: text("current-server-version") ?? named?.[1],
      clusterVersion: text("determined-cluster-version") ?? named?.[2],
      line
    };
  }
  return void 0;
}
var DOWNGRADE_TO_3_4_FROM = 32;
var NEXT_CLUSTER_VERSION_COMPATIBLE_SINCE = 31;
function refusalsOf(to) {
  if (to.major === 3 && to.minor === 4)
    return DOWNGRADE_REFUSALS.filter(
      (refusal) => refusal.releases.startsWith(to.patch >= NEXT_CLUSTER_VERSION_COMPATIBLE_SINCE ? "3.4.31" : "3.4.0")
    );
  const minor = minorText(to);
  const own = DOWNGRADE_REFUSALS.filter((refusal) => refusal.releases.startsWith(minor));
  return own.length > 0 ? own : DOWNGRADE_REFUSALS.filter((refusal) => refusal.releases === "3.6");
}
function upgradePath(from, to) {
  const source = parseRelease(from);
  const target = parseRelease(to);
  const base = { from, to, requirements: [] };
  if (!source || !target)
    return {
      ...base,
      kind: "unknown",
      direction: "none",
      supported: false,
      reason: `${!source ? from : to} is not an etcd release (major.minor.patch).`
    };
  const order = source.major !== target.major ? target.major - source.major : source.minor !== target.minor ? target.minor - source.minor : target.patch === source.patch ? 0 : target.patch > source.patch ? 1 : -1;
  const direction = order > 0 ? "upgrade" : order < 0 ? "downgrade" : "none";
  const clusterVersion = minorText(target);
  if (source.major !== target.major)
    return {
      ...base,
      kind: "major",
      direction,
      supported: false,
      reason: `etcd ${from} and ${to} are different major releases; etcd moves between minor releases of one major only.`
    };
  if (source.minor === target.minor) {
    if (order === 0)
      return {
        ...base,
        kind: "same",
        direction,
        supported: false,
        clusterVersion,
        reason: `etcd ${from} and ${to} are the same release: there is nothing to move.`
      };
    return {
      ...base,
      kind: order > 0 ? "patch-upgrade" : "patch-downgrade",
      direction,
      supported: true,
      procedure: "rolling",
      clusterVersion,
      reason: `A patch ${direction} within ${clusterVersion}: etcd checks only the major.minor of a server against the cluster version, so each member restarts on ${patchText(target)} with its data.`
    };
  }
  const steps = Math.abs(target.minor - source.minor);
  if (steps > 1) {
    const between = Array.from(
      { length: steps - 1 },
      (_, index) => `${source.major}.${Math.min(source.minor, target.minor) + index + 1}`
    );
    return {
      ...base,
      kind: "skips-minor",
      direction,
      supported: false,
      reason: direction === "upgrade" ? `The upgrade skips ${between.join(" and ")}: etcd ${UPGRADE_RULE_INFO.skipsMinor.etcdDoes.replace(/^Supports/, "supports")} Upgrade to ${between.join(", then ")} first.` : `The downgrade skips ${between.join(" and ")}: etcd downgrades one minor release at a time (its downgrade API takes only the minor just below the cluster version). Downgrade to ${between.reverse().join(", then ")} first.`
    };
  }
  if (direction === "upgrade") {
    const required = REQUIRED_BEFORE_NEXT[minorText(source)];
    if (required !== void 0 && source.patch < required)
      return {
        ...base,
        kind: "minor-upgrade",
        direction,
        supported: false,
        clusterVersion,
        reason: `etcd ${UPGRADE_RULE_INFO.patchRequired.etcdDoes.replace(/^Requires/, "requires")} Upgrade every member to ${minorText(source)}.${required} or later first (a patch upgrade), then to ${to}.`
      };
    const requirements = ["every member healthy, on one release"];
    if (source.major === 3 && source.minor === 5)
      requirements.push("no v2 store content (enable-v2 off; `etcdutl check v2store` clean)");
    return {
      ...base,
      kind: "minor-upgrade",
      direction,
      supported: true,
      procedure: "rolling",
      requirements,
      clusterVersion,
      reason: `A minor upgrade, ${minorText(source)} \u2192 ${clusterVersion}: each member restarts on ${patchText(target)} with its data; the cluster version moves to ${clusterVersion} once every member runs it.`
    };
  }
  if (source.minor >= 6)
    return {
      ...base,
      kind: "minor-downgrade",
      direction,
      supported: true,
      procedure: "downgrade-api",
      downgradeTarget: clusterVersion,
      requirements: ["every member healthy, on one release", "no downgrade already enabled"],
      clusterVersion,
      reason: `etcd ${minorText(source)} downgrades through its downgrade API: validate and enable the downgrade to ${clusterVersion} (the cluster version becomes ${clusterVersion} at once and the storage is migrated), then restart each member on ${patchText(target)}, the leader last.`
    };
  if (source.minor === 5 && target.minor === 4) {
    if (target.patch >= DOWNGRADE_TO_3_4_FROM)
      return {
        ...base,
        kind: "minor-downgrade",
        direction,
        supported: true,
        procedure: "rolling",
        requirements: ["every member healthy, on one release", "auth disabled (3.5 changed the WAL entries of auth)"],
        clusterVersion,
        reason: `etcd ${patchText(target)} joins a 3.5 cluster when started with --next-cluster-version-compatible; the cluster version drops to 3.4 when the first member runs 3.4.`
      };
    const lacks = target.patch < NEXT_CLUSTER_VERSION_COMPATIBLE_SINCE ? `lacks --next-cluster-version-compatible (added in 3.4.${NEXT_CLUSTER_VERSION_COMPATIBLE_SINCE})` : `has --next-cluster-version-compatible but cannot join a 3.5 cluster with it (fixed in 3.4.${DOWNGRADE_TO_3_4_FROM})`;
    return {
      ...base,
      kind: "minor-downgrade",
      direction,
      supported: false,
      clusterVersion,
      etcdRefusal: refusalsOf(target),
      reason: `etcd ${to} ${lacks}, so it refuses a data dir whose cluster version is 3.5; etcd's guide downgrades 3.5 only to 3.4.${DOWNGRADE_TO_3_4_FROM} or later.`
    };
  }
  return {
    ...base,
    kind: "minor-downgrade",
    direction,
    supported: false,
    clusterVersion,
    etcdRefusal: refusalsOf(target),
    reason: `etcd ${minorText(source)} has no downgrade procedure to ${clusterVersion}; ${clusterVersion} refuses a data dir whose cluster version is ${minorText(source)}.`
  };
}
function clusterVersionReached(reported, target) {
  const have = reported === void 0 ? void 0 : parseRelease(reported);
  const want = parseRelease(target);
  return !!have && !!want && have.major === want.major && have.minor === want.minor;
}
var GO_TRUE = /^(1|t|T|TRUE|true|True)$/;
var GO_FALSE = /^(0|f|F|FALSE|false|False)$/;
function goBool(value) {
  if (typeof value === "boolean") return value;
  if (GO_TRUE.test(value.trim())) return true;
  if (GO_FALSE.test(value.trim())) return false;
  return void 0;
}
var written2 = (name, value) => value === true ? `--${name}` : `--${name}=${value}`;
function droppable(name, value, to) {
  if (name === "discovery" || name.startsWith("discovery-"))
    return "discovery is read only when a member first bootstraps; the member restarts on its data dir";
  if (name === "log-format")
    return `etcd ${to.minor} has no --log-format; it writes its log as JSON, the default of the release it leaves`;
  if (name === "enable-log-rotation" || name === "log-rotation-config-json")
    return `etcd ${to.minor} cannot rotate its log file; the log is written, unrotated`;
  if (/(^|-)distributed-tracing-|(^|-)enable-distributed-tracing$/.test(name))
    return `etcd ${to.minor} has no distributed tracing; nothing but the traces is lost`;
  if (/^(experimental-)?warning-unary-request-duration$/.test(name))
    return `etcd ${to.minor} has no slow-request warning threshold; only a log line changes`;
  if (/^(experimental-)?downgrade-check-time$/.test(name))
    return `the interval at which a leader checks a downgrade's progress; etcd ${to.minor} has no downgrade monitor`;
  if (name === "next-cluster-version-compatible")
    return "it only lets etcd 3.4 run on a 3.5 cluster\u2019s data; later releases need no such flag";
  if (name === "max-learners" && String(value).trim() === "1")
    return `etcd ${to.minor} allows one learner, the value set`;
  if (name.startsWith("proxy-")) return `a setting of the v2 proxy, which etcd ${to.minor} removed`;
  if (name === "proxy" && value === "off") return `the v2 proxy is off, and etcd ${to.minor} removed it`;
  if (name === "v2-deprecation" && String(value).trim() === "not-yet")
    return `etcd ${to.minor} keeps the v2 store as not-yet does`;
  if (name === "experimental-enable-v2v3" && String(value).trim() === "")
    return `the v2 emulation is off, and etcd ${to.minor} removed it`;
  return void 0;
}
function refusalReason(name, value, to) {
  const status = flagInfo(name, to);
  if (name === "enable-v2" || name === "experimental-enable-v2v3")
    return `etcd ${to.minor} removed the v2 store: ${UPGRADE_RULE_INFO.v2Store.fix}`;
  if (name === "proxy") return `etcd ${to.minor} removed the v2 proxy (--proxy=${value}); use \`etcd grpc-proxy\``;
  if (status.removedIn)
    return `etcd ${status.removedIn} removed --${name}${status.use ? `; use ${status.use}` : ""}, and etcd exits on a flag it does not know`;
  if (status.since)
    return `--${name} exists in ${to.minor} only from ${status.since}, and etcd exits on a flag it does not know`;
  return `etcd ${to.text} has no --${name} and exits on a flag it does not know; --${name}=${value} changes how the member runs, so it is not dropped silently`;
}
function olderNameOf(name, to) {
  return knownFlags(to).find((candidate) => candidate !== name && flagInfo(candidate, to).use === name);
}
var GATE_FLAGS = Object.fromEntries(
  Object.entries(FEATURE_GATE_FLAGS).map(([flag, gate]) => [gate, flag])
);
function featureGates(value) {
  return value.split(",").map((item) => item.trim()).filter((item) => item !== "").map((item) => {
    const [gate, enabled = "true"] = item.split("=");
    return [gate.trim(), enabled.trim()];
  });
}
function settingsOfArgs(args, version) {
  const settings = [];
  for (let index = 0; index < args.length; index++) {
    const match = /^--?([^=]+)(?:=(.*))?$/s.exec(args[index]);
    if (!match) continue;
    const [, name, value] = match;
    if (value !== void 0) settings.push([name, value]);
    else if (flagInfo(name, version).spec?.kind === "bool" || index + 1 >= args.length || args[index + 1].startsWith("-"))
      settings.push([name, true]);
    else settings.push([name, args[++index]]);
  }
  return settings;
}
function translateFlags(input, from, to) {
  const source = parseEtcdVersion(from);
  const target = parseEtcdVersion(to);
  const asArgs = input.length > 0 && input.every((item) => typeof item === "string");
  const settings = asArgs ? settingsOfArgs(input, source) : input.map(([name, value]) => [
    name.replace(/^-+/, ""),
    value
  ]);
  const result = translateSettings(settings, source, target);
  if (!asArgs) return result;
  return { ...result, flags: result.flags.map(([name, value]) => written2(name, value)) };
}
function translateSettings(settings, from, to) {
  const out = [];
  const translations = [];
  const given = new Set(settings.map(([name]) => name));
  const toVersion = `etcd ${to.text}`;
  let gates;
  const record = (translation) => translations.push(translation);
  const rename = (name, value, next, reason, nextValue = value) => {
    if (given.has(next)) {
      record({
        action: "dropped",
        flag: name,
        text: `${written2(name, value)} dropped: --${next} is set too`,
        reason: `${reason}; --${next} is given as well, and stays`
      });
      return;
    }
    out.push([next, nextValue]);
    record({
      action: "renamed",
      flag: name,
      becomes: [next, nextValue],
      text: `${written2(name, value)} became ${written2(next, nextValue)}`,
      reason
    });
  };
  const gate = (name, value, gateName) => {
    const enabled = goBool(value) ?? true;
    if (!gates) {
      gates = { gates: [] };
      out.push(gates);
    }
    gates.gates.push(`${gateName}=${enabled}`);
    record({
      action: "renamed",
      flag: name,
      becomes: ["feature-gates", `${gateName}=${enabled}`],
      text: `${written2(name, value)} became --feature-gates=${gateName}=${enabled}`,
      reason: `etcd ${to.minor} moves --${name} to its feature gate ${gateName} (the old flag is deprecated)`
    });
  };
  const drop = (name, value, reason) => record({ action: "dropped", flag: name, text: `${written2(name, value)} dropped`, reason });
  for (const [name, value] of settings) {
    if (name === "logger" && value === "capnslog" && isAtLeast(to, "3.5.0")) {
      out.push([name, "zap"]);
      record({
        action: "changed",
        flag: name,
        becomes: [name, "zap"],
        text: "--logger=capnslog became --logger=zap",
        reason: `${toVersion} logs with zap only ("--logger=capnslog is removed in v3.5")`
      });
      continue;
    }
    const status = flagInfo(name, to);
    if (status.known) {
      const before = flagInfo(name, from);
      const newlyDeprecated = status.deprecatedIn && !before.deprecatedIn;
      const gateName = FEATURE_GATE_FLAGS[name];
      if (newlyDeprecated && gateName && status.use?.startsWith("feature-gates=") && !given.has("feature-gates"))
        gate(name, value, gateName);
      else if (newlyDeprecated && status.use && /^[a-z0-9-]+$/.test(status.use) && flagInfo(status.use, to).known)
        rename(
          name,
          value,
          status.use,
          `etcd ${to.minor} renames --${name} to --${status.use} (the old name is deprecated)`
        );
      else out.push([name, value]);
      continue;
    }
    if (name === "log-package-levels") {
      drop(name, value, `${toVersion} has no per-package log levels (capnslog's); zap logs at --log-level`);
      continue;
    }
    const [useName, useValue] = (status.use ?? "").split("=");
    if (status.use && /^[a-z0-9-]+(=[^=]+)?$/.test(status.use) && flagInfo(useName, to).known) {
      if (useValue === void 0)
        rename(name, value, useName, `etcd ${status.removedIn ?? to.minor} renamed --${name} to --${useName}`);
      else if (goBool(value) === true)
        rename(
          name,
          value,
          useName,
          `etcd ${status.removedIn ?? to.minor} replaced --${name} by ${written2(useName, useValue)}`,
          useValue
        );
      else drop(name, value, `${written2(name, value)} is off, and etcd ${status.removedIn ?? to.minor} removed it`);
      continue;
    }
    const older = olderNameOf(name, to);
    if (older) {
      rename(name, value, older, `${toVersion} knows --${name} only as --${older}`);
      continue;
    }
    if (name === "feature-gates") {
      for (const [gateName, enabled] of featureGates(String(value))) {
        const flag = GATE_FLAGS[gateName];
        const on = goBool(enabled);
        const text = `--feature-gates=${gateName}=${enabled}`;
        if (flag && flagInfo(flag, to).known) {
          out.push([flag, String(on ?? enabled)]);
          record({
            action: "renamed",
            flag: name,
            becomes: [flag, String(on ?? enabled)],
            text: `${text} became --${flag}=${on ?? enabled}`,
            reason: `${toVersion} has no feature gates; --${flag} is the same switch`
          });
        } else if (on === false)
          record({
            action: "dropped",
            flag: name,
            text: `${text} dropped`,
            reason: `${toVersion} has no ${gateName}, which is off here`
          });
        else
          record({
            action: "refused",
            flag: name,
            text: `${text} refused`,
            reason: `${toVersion} has no ${gateName} (no feature gates, no flag for it); the member would run without it`
          });
      }
      continue;
    }
    const reason = droppable(name, value, to);
    if (reason) {
      drop(name, value, reason);
      continue;
    }
    if (status.spec?.kind === "bool" && goBool(value) === false) {
      drop(name, value, `${toVersion} has no --${name}; it is off here, which is what the target does without it`);
      continue;
    }
    record({
      action: "refused",
      flag: name,
      text: `${written2(name, value)} refused`,
      reason: refusalReason(name, value, to)
    });
  }
  if (from.minor === "3.5" && to.minor === "3.4" && flagInfo("next-cluster-version-compatible", to).known && !given.has("next-cluster-version-compatible")) {
    out.push(["next-cluster-version-compatible", true]);
    record({
      action: "added",
      flag: "next-cluster-version-compatible",
      becomes: ["next-cluster-version-compatible", true],
      text: "--next-cluster-version-compatible added",
      reason: `etcd 3.4 runs on a 3.5 cluster's data only with it (etcd's 3.5 \u2192 3.4 downgrade guide)`
    });
  }
  const flags = out.map((item) => "gates" in item ? ["feature-gates", item.gates.join(",")] : item);
  return { flags, translations, refused: translations.filter((translation) => translation.action === "refused") };
}

// src/targets/target.ts
var FaultUnsupportedError = class extends Error {
  constructor(fault, reason) {
    super(reason);
    this.fault = fault;
    this.reason = reason;
    this.name = "FaultUnsupportedError";
  }
  fault;
  reason;
};
function unsupportedFault(target, fault) {
  const support = target.faults[fault];
  return support.supported ? void 0 : support.reason;
}
function requireFault(target, fault) {
  const reason = unsupportedFault(target, fault);
  if (reason !== void 0) throw new FaultUnsupportedError(fault, reason);
}
function recordMove(move, member, release) {
  move.moved = [...move.moved.filter((name) => name !== member.name), ...release === "to" ? [member.name] : []];
}
function memberRelease(move, member) {
  return move?.moved.includes(member.name) ? { from: move.from, to: move.to } : void 0;
}
function writtenFor(release) {
  if (!release) return void 0;
  return (settings) => translateFlags(settings, release.from, release.to).flags.map(([name, value]) => [
    name,
    value
  ]);
}

// src/util/tar.ts
var BLOCK = 512;
function octal(value, width) {
  return value.toString(8).padStart(width - 1, "0") + "\0";
}
function tarArchive(files) {
  const parts = [];
  for (const file of files) {
    if (Buffer.byteLength(file.name) >= 100 || file.name.startsWith("/") || file.name.split("/").includes("..")) {
      throw new Error(`tar entry name ${file.name} is not a short relative path`);
    }
    const header = Buffer.alloc(BLOCK, 0);
    header.write(file.name, 0, "utf8");
    header.write(octal(file.mode & 4095, 8), 100, "ascii");
    header.write(octal(0, 8), 108, "ascii");
    header.write(octal(0, 8), 116, "ascii");
    header.write(octal(file.data.length, 12), 124, "ascii");
    header.write(octal(0, 12), 136, "ascii");
    header.write(" ".repeat(8), 148, "ascii");
    header.write("0", 156, "ascii");
    header.write("ustar\0", 257, "ascii");
    header.write("00", 263, "ascii");
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(octal(sum, 7) + " ", 148, "ascii");
    parts.push(header, file.data, Buffer.alloc((BLOCK - file.data.length % BLOCK) % BLOCK, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return Buffer.concat(parts);
}

// src/targets/container/layout.ts
import { readFile } from "node:fs/promises";
import path2 from "node:path";
var CONTAINER_PKI_DIR = "/etc/kubernetes/pki/etcd";
var CONTAINER_DATA_DIR = "/var/lib/etcd";
var CONTAINER_ETCD = "/usr/local/bin/etcd";
var RUN_LABEL = "io.github.etcd-ha.run";
var RESTORED_DATA_DIR = `${CONTAINER_DATA_DIR}/restored`;
var NEIGHBOUR_SYSCTLS = ["net.ipv4.neigh.eth0.mcast_solicit=1", "net.ipv4.neigh.eth0.retrans_time_ms=100"];
function officialImage(version) {
  return `gcr.io/etcd-development/etcd:v${version}`;
}
function memberSubnet(spec) {
  const octets = spec.members[0].address.split(".");
  return `${octets.slice(0, 3).join(".")}.0/24`;
}
function memberMac(address) {
  return ["02", "42", ...address.split(".").map((octet) => Number(octet).toString(16).padStart(2, "0"))].join(":");
}
function memberInContainer(member, dataDir = CONTAINER_DATA_DIR) {
  return relocatedMember(member, { dataDir, pkiDir: CONTAINER_PKI_DIR });
}
function memberInRunContainer(state, member) {
  return memberInContainer(member, state.volumes?.[member.name] ? RESTORED_DATA_DIR : CONTAINER_DATA_DIR);
}
function containerName(spec, member) {
  return `etcd-ha-${spec.runId}-${member.name}`;
}
function memberCreateArgs(spec, state, member, options) {
  const volume = state.volumes?.[member.name];
  const release = memberRelease(state.release, member);
  return [
    "create",
    "--name",
    containerName(spec, member),
    "--hostname",
    member.name,
    "--network",
    state.network,
    "--ip",
    member.address,
    ...options.mac ? ["--mac-address", memberMac(member.address)] : [],
    ...options.sysctls ? NEIGHBOUR_SYSCTLS.flatMap((sysctl) => ["--sysctl", sysctl]) : [],
    "--network-alias",
    member.name,
    "--label",
    `${RUN_LABEL}=${spec.runId}`,
    ...volume ? ["--volume", `${volume}:${CONTAINER_DATA_DIR}`] : [],
    "--entrypoint",
    CONTAINER_ETCD,
    ...release ? [state.release?.runs ?? state.image] : [state.image],
    ...etcdFlags(spec, memberInRunContainer(state, member), writtenFor(release))
  ];
}
function attachAddress(spec, state) {
  const octets = [...spec.members, ...Object.values(state.spare ?? {})].map(
    (member) => Number(member.address.split(".")[3])
  );
  const prefix = state.subnet.split(".").slice(0, 3).join(".");
  const lowest = Math.min(...octets);
  if (lowest > 2) return `${prefix}.${lowest - 1}`;
  let octet = 254;
  while (octets.includes(octet)) octet--;
  return `${prefix}.${octet}`;
}
var MEMBER_PKI_FILES = [
  "caCert",
  "serverCert",
  "serverKey",
  "peerCert",
  "peerKey",
  "healthcheckClientCert",
  "healthcheckClientKey"
];
var OPTIONAL_PKI_FILES = /* @__PURE__ */ new Set(["healthcheckClientCert", "healthcheckClientKey"]);
async function memberPkiFiles(member) {
  const inContainer = memberInContainer(member).pki;
  const files = [];
  for (const field of MEMBER_PKI_FILES) {
    let data;
    try {
      data = await readFile(member.pki[field]);
    } catch (error) {
      if (OPTIONAL_PKI_FILES.has(field) && error.code === "ENOENT") continue;
      throw new Error(`reading ${member.name}'s ${path2.basename(member.pki[field])} failed: ${errorMessage(error)}`);
    }
    files.push({ name: inContainer[field].replace(/^\/+/, ""), mode: field.endsWith("Key") ? 384 : 420, data });
  }
  return files;
}

// src/targets/container/engine.ts
var DOCKER_TIMEOUT_MS = 6e4;
var PULL_TIMEOUT_MS = 6e5;
var REMOVE_TIMEOUT_MS = 3e4;
var EXITING = /container state improper|could not be stopped/i;
var RM_ATTEMPTS = 5;
var RM_RETRY_MS = 200;
var Engine = class {
  constructor(deps) {
    this.deps = deps;
  }
  deps;
  run(args, timeoutMs = DOCKER_TIMEOUT_MS) {
    return this.deps.runner.run("docker", args, { timeoutMs });
  }
  /** Runs `docker ARGS` and gives its output; an exit other than 0 is an error that says `what` failed and why. */
  async ok(args, what, timeoutMs = DOCKER_TIMEOUT_MS) {
    const result = await this.run(args, timeoutMs);
    if (result.code !== 0)
      throw new Error(
        `${what} failed: docker ${args[0]} exited ${result.code}: ${result.stderr.trim() || result.stdout.trim()}`
      );
    return result.stdout.trim();
  }
  /**
   * Whether the docker CLI speaks API 1.44 or later to the engine (it takes a MAC address per network
   * only then); Docker Engine before 25 speaks 1.43 or older. A CLI that does not say is taken to.
   */
  async takesMacAddresses() {
    const version = await this.run(["version", "--format", "{{.Client.APIVersion}}"]);
    const [major, minor] = version.stdout.trim().split(".").map(Number);
    return version.code !== 0 || !(major < 1 || major === 1 && minor < 44);
  }
  /** The container's status as the engine says it (`running`, `paused`, `exited`, ...), or undefined if it has none. */
  async status(container) {
    const result = await this.run(["inspect", "--format", "{{.State.Status}}", container]);
    return result.code === 0 ? result.stdout.trim() : void 0;
  }
  /**
   * Writes files into a container (created, started or not) with the engine's archive upload
   * (`docker cp` of a tar stream): a bind mount would need the engine to see this machine's paths,
   * which it does not when the CLI runs in a container (a job's `container:`, whose workspace and
   * temp folders the engine's machine knows by other names).
   */
  async copyInto(container, files, what) {
    const result = await this.deps.runner.pipe(
      "docker",
      ["cp", "-", `${container}:/`],
      tarArchive(files),
      DOCKER_TIMEOUT_MS
    );
    if (result.code !== 0)
      throw new Error(
        `${what} failed: docker cp exited ${result.code}${result.stderr.trim() ? `: ${result.stderr.trim()}` : ""}`
      );
  }
  /**
   * `docker rm --force` (with `--volumes`, its anonymous volumes too); undefined once the container is
   * gone (or never was), else what the engine said. With `whileExiting`, a removal that podman refuses
   * because the container is exiting by itself at that moment is tried again.
   */
  async removeContainer(container, options = {}) {
    const remove = () => this.run(["rm", "--force", ...options.volumes ? ["--volumes"] : [], container], REMOVE_TIMEOUT_MS);
    let result = await remove();
    for (let attempt = 1; options.whileExiting && attempt < RM_ATTEMPTS && result.code !== 0 && EXITING.test(result.stderr); attempt++) {
      await this.deps.clock.sleep(RM_RETRY_MS);
      result = await remove();
    }
    return result.code !== 0 && !/no such container/i.test(result.stderr) ? result.stderr.trim() : void 0;
  }
  /** `docker stop --time 0`; undefined once the container is stopped (or does not exist), else what the engine said. */
  async stopNow(container) {
    const result = await this.run(["stop", "--time", "0", container], REMOVE_TIMEOUT_MS);
    return result.code !== 0 && !/no such container/i.test(result.stderr) ? result.stderr.trim() : void 0;
  }
  /** `docker volume rm --force`; undefined once the volume is gone (or never was), else what the engine said. */
  async removeVolume(volume) {
    const result = await this.run(["volume", "rm", "--force", volume], REMOVE_TIMEOUT_MS);
    return result.code !== 0 && !/no such volume/i.test(result.stderr) ? result.stderr.trim() : void 0;
  }
  /** `docker network create` of a bridge network on the subnet, with the label; what the engine answered. */
  createNetwork(network, subnet, label) {
    return this.run(["network", "create", "--driver", "bridge", "--subnet", subnet, "--label", label, network]);
  }
  /** `docker network rm`; undefined once the network is gone (or never was), else what the engine said. */
  async removeNetwork(network) {
    const result = await this.run(["network", "rm", network], REMOVE_TIMEOUT_MS);
    return result.code !== 0 && !/not found|no such network/i.test(result.stderr) ? result.stderr.trim() : void 0;
  }
  /** `docker network connect` at an address; what the engine answered. */
  connect(network, container, address) {
    return this.run(["network", "connect", "--ip", address, network, container]);
  }
  /** `docker network disconnect --force`; undefined once the container is off the network (or either is gone), else what the engine said. */
  async disconnect(network, container) {
    const result = await this.run(["network", "disconnect", "--force", network, container], REMOVE_TIMEOUT_MS);
    return result.code !== 0 && !/no such container|not connected|no such network|not found/i.test(result.stderr) ? result.stderr.trim() : void 0;
  }
};
var imageChecks = /* @__PURE__ */ new WeakMap();
function imageCheck(image, deps) {
  let byImage = imageChecks.get(deps.runner);
  if (!byImage) imageChecks.set(deps.runner, byImage = /* @__PURE__ */ new Map());
  let check = byImage.get(image);
  if (!check) {
    const ready = ensureImage(image, deps);
    ready.catch(() => void 0);
    let version;
    check = {
      ready,
      version: () => {
        if (!version) {
          version = ready.then(() => imageEtcdVersion(image, deps.runner));
          version.catch(() => void 0);
        }
        return version;
      }
    };
    byImage.set(image, check);
  }
  return check;
}
async function ensureImage(image, deps) {
  const docker = (args, timeoutMs = DOCKER_TIMEOUT_MS) => deps.runner.run("docker", args, { timeoutMs });
  if ((await docker(["image", "inspect", "--format", "{{.Id}}", image])).code === 0) return;
  const engine = await docker(["version", "--format", "{{.Server.Version}}"], 2e4);
  if (engine.code !== 0) {
    throw new ConfigurationError(
      `target is container, but the docker CLI cannot reach an engine (${engine.stderr.trim() || `exit ${engine.code}`}); allowed: a runner where \`docker version\` works (DOCKER_HOST is honoured)`
    );
  }
  deps.logger.info(`pulling ${image}`);
  const pull = await docker(["pull", "--quiet", image], PULL_TIMEOUT_MS);
  if (pull.code !== 0)
    throw new ConfigurationError(
      `image is '${image}'; it is not on this machine and could not be pulled: ${pull.stderr.trim()}`
    );
}
async function imageEtcdVersion(image, runner) {
  const version = await runner.run(
    "docker",
    ["run", "--rm", "--network", "none", "--entrypoint", CONTAINER_ETCD, image, "--version"],
    { timeoutMs: DOCKER_TIMEOUT_MS }
  );
  const match = /etcd Version: (\S+)/.exec(version.stdout);
  if (version.code !== 0 || !match) {
    throw new ConfigurationError(
      `image is '${image}'; allowed: an image with etcd at ${CONTAINER_ETCD}, as the official images have it (\`${CONTAINER_ETCD} --version\` gave exit ${version.code}: ${(version.stderr || version.stdout).trim().slice(0, 300)})`
    );
  }
  return match[1];
}

// src/targets/container/faults.ts
var ISOLATE_CHAIN = "ETCD-HA-ISOLATE";
var RESETS_PASS = ["-p", "tcp", "--tcp-flags", "RST", "RST", "-j", "RETURN"];
var MemberFaults = class {
  constructor(deps) {
    this.deps = deps;
  }
  deps;
  /** How this machine enters a member's network namespace, once probed; or why it cannot. */
  namespaceAccess;
  /** `docker pause`: the engine freezes every process of the member's container. */
  async pause(member) {
    await this.deps.engine.ok(["pause", containerName(this.deps.spec, member)], `pausing ${member.name}`);
  }
  /** `docker unpause`, for a paused member only. */
  async resume(member) {
    if (await this.deps.status(member) !== "paused") return;
    await this.deps.engine.ok(["unpause", containerName(this.deps.spec, member)], `resuming ${member.name}`);
  }
  /**
   * Rejects TCP between each member of `members` and each of `from` with iptables in the network
   * namespace of each member of `members` (both directions, so open connections end at once); the
   * runner, which the clients are, stays reachable. `docker network disconnect` would cut clients too.
   */
  async isolate(members, from) {
    const { state } = this.deps;
    const prefix = await this.namespacePrefix();
    for (const member of members) {
      const others = from.filter((other) => other.name !== member.name).map((other) => other.address);
      if (others.length === 0) continue;
      state.isolated = [.../* @__PURE__ */ new Set([...state.isolated ?? [], member.name])];
      await this.deps.onChange?.();
      const rules = others.flatMap((address) => [
        ["-A", ISOLATE_CHAIN, "-s", address, "-p", "tcp", "-j", "REJECT", "--reject-with", "tcp-reset"],
        ["-A", ISOLATE_CHAIN, "-d", address, "-p", "tcp", "-j", "REJECT", "--reject-with", "tcp-reset"]
      ]);
      await this.inNamespace(member, prefix, [
        // The chain and its jumps are made once per namespace; later cuts only add rules.
        ["-N", ISOLATE_CHAIN, "||", "true"],
        ["-C", "INPUT", "-j", ISOLATE_CHAIN, "||", "-I", "INPUT", "-j", ISOLATE_CHAIN],
        ["-C", "OUTPUT", "-j", ISOLATE_CHAIN, "||", "-I", "OUTPUT", "-j", ISOLATE_CHAIN],
        // The resets REJECT sends carry a cut peer's address too: let them through, or no connection
        // would end, and each side would wait out TCP's retransmissions of a link that looks alive.
        ["-C", ISOLATE_CHAIN, ...RESETS_PASS, "||", "-I", ISOLATE_CHAIN, "1", ...RESETS_PASS],
        ...rules
      ]);
    }
  }
  /** Empties the isolate chain in every member namespace that has one. */
  async heal() {
    const { spec, state } = this.deps;
    const isolated = state.isolated ?? [];
    if (isolated.length === 0) return;
    const prefix = await this.namespacePrefix();
    for (const member of spec.members.filter((candidate) => isolated.includes(candidate.name))) {
      if (await this.deps.status(member) === "running")
        await this.inNamespace(member, prefix, [["-F", ISOLATE_CHAIN, "||", "true"]]);
    }
    state.isolated = [];
    await this.deps.onChange?.();
  }
  /** `[sudo -n] nsenter --net=/proc/PID/ns/net`, once this machine proved it can; else FaultUnsupportedError. */
  async namespacePrefix() {
    const self = await this.deps.selfContainer();
    if (!this.namespaceAccess && self && self.pidMode !== "host") {
      this.namespaceAccess = {
        reason: `the CLI runs in the container ${self.id.slice(0, 12)}, which does not see the members' processes (it has a PID namespace of its own), and the container target cuts links with iptables in each member's network namespace, entered through its process: run the CLI on the engine's machine, or in a privileged container with \`--pid host\`, nsenter and iptables`
      };
    }
    if (!this.namespaceAccess) {
      const prefix = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
      const probe = await this.deps.runner.run(
        prefix[0] ?? "nsenter",
        [
          ...prefix.slice(1),
          ...prefix.length > 0 ? ["nsenter"] : [],
          "--net=/proc/self/ns/net",
          "iptables",
          "-w",
          "-S",
          "INPUT"
        ],
        { timeoutMs: 1e4 }
      );
      this.namespaceAccess = probe.code === 0 ? { prefix } : {
        reason: `the container target cuts links with iptables in each member's network namespace, which needs root or passwordless sudo, nsenter and iptables on this machine (${(probe.stderr.trim() || `exit ${probe.code}`).split("\n")[0]})`
      };
    }
    if ("reason" in this.namespaceAccess) throw new FaultUnsupportedError("isolate", this.namespaceAccess.reason);
    return this.namespaceAccess.prefix;
  }
  /** Runs iptables commands (`||` joins a fallback) in the member's network namespace, through one shell. */
  async inNamespace(member, prefix, commands) {
    const pid = (await this.deps.engine.ok(
      ["inspect", "--format", "{{.State.Pid}}", containerName(this.deps.spec, member)],
      `finding ${member.name}'s process`
    )).trim();
    if (!/^[1-9]\d*$/.test(pid))
      throw new Error(`${member.name} has no process on this machine (docker inspect gave PID '${pid}')`);
    const line = (command) => {
      const at2 = command.indexOf("||");
      const iptables = (args2) => ["iptables", "-w", ...args2].join(" ");
      return at2 < 0 ? iptables(command) : `${iptables(command.slice(0, at2))} 2>/dev/null || ${command[at2 + 1] === "true" ? "true" : iptables(command.slice(at2 + 1))}`;
    };
    const script = ["set -e", ...commands.map(line)].join("\n");
    const args = [...prefix, "nsenter", `--net=/proc/${pid}/ns/net`, "sh", "-c", script];
    const result = await this.deps.runner.run(args[0], args.slice(1), { timeoutMs: 2e4 });
    if (result.code !== 0)
      throw new Error(
        `changing the rules in ${member.name}'s network namespace failed (exit ${result.code}): ${result.stderr.trim()}`
      );
  }
};

// src/targets/container/self-container.ts
import { access, readFile as readFile2 } from "node:fs/promises";
import { hostname } from "node:os";
var CONTAINER_ID = /\b[0-9a-f]{64}\b/;
var MARKERS = ["/.dockerenv", "/run/.containerenv"];
function containerIdsFrom(mountinfo, cgroup) {
  const ids = [];
  for (const line of mountinfo.split("\n")) {
    const [, , , root, mountPoint] = line.split(" ");
    const id = mountPoint === "/etc/hostname" ? CONTAINER_ID.exec(root ?? "")?.[0] : void 0;
    if (id) ids.push(id);
  }
  for (const line of cgroup.split("\n")) {
    const id = /(?:docker|libpod)[-/]([0-9a-f]{64})(?:\.scope)?$/.exec(line.trim())?.[1];
    if (id) ids.push(id);
  }
  return [...new Set(ids)];
}
async function readContainerHints() {
  const read = (file) => readFile2(file, "utf8").catch(() => "");
  const ids = containerIdsFrom(await read("/proc/self/mountinfo"), await read("/proc/self/cgroup"));
  const marked = await Promise.all(
    MARKERS.map(
      (file) => access(file).then(
        () => true,
        () => false
      )
    )
  );
  if (ids.length === 0 && !marked.includes(true)) return void 0;
  return { ids, hostname: hostname() };
}
async function findSelfContainer(runner, hints) {
  if (!hints) return void 0;
  const candidates = [...hints.ids.map((id) => ({ ref: id, byName: false })), { ref: hints.hostname, byName: true }];
  for (const { ref, byName } of candidates) {
    if (!ref || ref.startsWith("-")) continue;
    const result = await runner.run(
      "docker",
      [
        "inspect",
        "--type",
        "container",
        "--format",
        "{{.Id}} {{.State.Running}} {{.Config.Hostname}} {{.HostConfig.NetworkMode}} {{.HostConfig.PidMode}}",
        ref
      ],
      { timeoutMs: 2e4 }
    );
    if (result.code !== 0) continue;
    const [id, running, name, networkMode = "", pidMode = ""] = result.stdout.trim().split(" ");
    if (running !== "true" || !CONTAINER_ID.test(id ?? "")) continue;
    if (byName ? name !== hints.hostname : !id.startsWith(ref)) continue;
    return { id, networkMode, pidMode };
  }
  return void 0;
}
async function attachSelf(run, self) {
  const { state, logger } = run;
  if (!self) return;
  if (self.networkMode === "host" || self.networkMode.startsWith("container:")) {
    logger.debug(
      `the CLI runs in the container ${self.id.slice(0, 12)} on the network ${self.networkMode}; it joins no other`
    );
    return;
  }
  const address = attachAddress(run.spec, state);
  state.attached = self.id;
  await run.onChange?.();
  const result = await run.engine.connect(state.network, self.id, address);
  if (result.code !== 0)
    throw new Error(
      `the CLI runs in the container ${self.id.slice(0, 12)} of this engine, which must join the members' network to reach them; connecting it to ${state.network} at ${address} failed: ${result.stderr.trim()}`
    );
  logger.info(
    `this container (${self.id.slice(0, 12)}) joined the network ${state.network} at ${address} to reach the members`
  );
}
async function detachSelf(engine, state) {
  const attached = state.attached;
  if (!attached) return [];
  const problem = await engine.disconnect(state.network, attached);
  if (problem !== void 0)
    return [`network ${state.network}: disconnecting the container ${attached.slice(0, 12)}: ${problem}`];
  delete state.attached;
  return [];
}

// src/targets/container/spares.ts
import { readFile as readFile3 } from "node:fs/promises";

// src/etcd/snapshot.ts
import { createHash } from "node:crypto";
var SNAPSHOT_HASH_BYTES = 32;
var SnapshotHash = class {
  hash = createHash("sha256");
  tail = Buffer.alloc(0);
  total = 0;
  /** Takes the next piece of the stream. */
  update(chunk) {
    this.total += chunk.length;
    const joined = Buffer.concat([this.tail, chunk]);
    const cut = Math.max(0, joined.length - SNAPSHOT_HASH_BYTES);
    this.hash.update(joined.subarray(0, cut));
    this.tail = Buffer.from(joined.subarray(cut));
  }
  /** Bytes taken so far, the appended hash included. */
  get bytes() {
    return this.total;
  }
  /** Throws unless the stream ended with the SHA-256 of what came before it. */
  verify() {
    if (this.tail.length < SNAPSHOT_HASH_BYTES)
      throw new Error(`the snapshot has ${this.total} bytes, too few to end with etcd's SHA-256`);
    const computed = this.hash.digest();
    if (!computed.equals(this.tail)) {
      throw new Error(
        `the snapshot's SHA-256 is ${computed.toString("hex")}, but etcd appended ${this.tail.toString("hex")}: it was damaged on the way`
      );
    }
  }
};
function restoreToolFor(etcdVersion) {
  const [major, minor] = etcdVersion.replace(/^v/, "").split(".").map(Number);
  return major > 3 || major === 3 && minor >= 5 ? "etcdutl" : "etcdctl";
}
function snapshotRestoreArgs(member, snapshotFile, dataDir) {
  if (!member.bootstrap) throw new Error(`${member.name} has no cluster to be restored into (no bootstrap)`);
  const walDir = walDirOf(member, dataDir);
  return [
    "snapshot",
    "restore",
    snapshotFile,
    `--name=${member.name}`,
    `--data-dir=${dataDir}`,
    `--initial-cluster=${member.bootstrap.initialCluster}`,
    `--initial-cluster-token=${member.bootstrap.token}`,
    `--initial-advertise-peer-urls=${member.advertisedPeerUrl ?? member.peerUrl}`,
    // A member from the user's configuration with a wal-dir of its own finds its WAL there.
    ...walDir === void 0 ? [] : [`--wal-dir=${walDir}`]
  ];
}

// src/targets/container/spares.ts
var SNAPSHOT_IN_CONTAINER = "/snapshot/snapshot.db";
var RESTORE_TIMEOUT_MS = 12e4;
function sparePlaces(spec, state, count) {
  const taken = new Set([...spec.members, ...Object.values(state.spare ?? {})].map((member) => member.address));
  const prefix = state.subnet.split(".").slice(0, 3).join(".");
  const found = [];
  for (let octet = Math.max(...spec.members.map((member) => Number(member.address.split(".")[3]))) + 1; octet <= 254 && found.length < count; octet++) {
    if (!taken.has(`${prefix}.${octet}`)) found.push(`${prefix}.${octet}`);
  }
  if (found.length < count)
    throw new Error(
      `the network ${state.network} (${state.subnet}) has ${found.length} of ${count} addresses left after the members'`
    );
  return found.map((address) => placeOnAddress(spec, address));
}
async function restoreIntoVolume(run, member, snapshotFile) {
  const { spec, state, engine } = run;
  const volume = `${containerName(spec, member)}-data`;
  state.volumes = { ...state.volumes, [member.name]: volume };
  await run.onChange?.();
  await engine.ok(
    ["volume", "create", "--label", `${RUN_LABEL}=${spec.runId}`, volume],
    `creating the volume ${volume}`
  );
  const tool = `/usr/local/bin/${restoreToolFor(run.etcdVersion)}`;
  const restorer = `${containerName(spec, member)}-restore`;
  const args = [
    "--network",
    "none",
    "--label",
    `${RUN_LABEL}=${spec.runId}`,
    "--volume",
    `${volume}:${CONTAINER_DATA_DIR}`,
    "--entrypoint",
    tool,
    state.image,
    ...snapshotRestoreArgs(member, SNAPSHOT_IN_CONTAINER, RESTORED_DATA_DIR)
  ];
  const what = `restoring the snapshot for ${member.name} with ${tool} in ${state.image}`;
  state.tools = [...state.tools ?? [], restorer];
  await run.onChange?.();
  try {
    await engine.ok(["create", "--name", restorer, ...args], what);
    const snapshot = await readFile3(snapshotFile);
    await engine.copyInto(
      restorer,
      [{ name: SNAPSHOT_IN_CONTAINER.slice(1), mode: 384, data: snapshot }],
      `copying the snapshot into ${restorer}`
    );
    await engine.ok(["start", "--attach", restorer], what, RESTORE_TIMEOUT_MS);
  } finally {
    if (await engine.removeContainer(restorer) === void 0) {
      state.tools = state.tools?.filter((name) => name !== restorer);
      await run.onChange?.();
    }
  }
  return `docker run --rm ${args.join(" ")} (the snapshot copied to ${SNAPSHOT_IN_CONTAINER})`;
}

// src/targets/container/container-target.ts
var MOVING_DIR = "moving";
var EARLIER_LOGS_DIR = "container-logs";
var STOP_GRACE_SECONDS = 10;
var EXIT_WAIT_MS = 15e3;
var ContainerTarget = class {
  constructor(spec, state, deps) {
    this.spec = spec;
    this.state = state;
    this.deps = deps;
    this.engine = new Engine(deps);
    this.memberFaults = new MemberFaults({
      spec,
      state,
      engine: this.engine,
      runner: deps.runner,
      onChange: deps.onChange,
      status: (member) => this.status(member),
      selfContainer: () => this.selfContainer()
    });
  }
  spec;
  state;
  deps;
  kind = "container";
  /**
   * `isolate` needs root (or passwordless sudo), nsenter and iptables on this machine, and an engine
   * whose container PIDs are this machine's; where that is missing, it says so and the check is skipped.
   */
  faults = {
    pause: { supported: true },
    isolate: { supported: true },
    add: { supported: true }
  };
  /** The engine, through the docker CLI. */
  engine;
  /** Pause, resume, isolate and heal. */
  memberFaults;
  /** Members whose container was created with the ARP settings and not started since. */
  neighbourSettings = /* @__PURE__ */ new Set();
  /** The image's etcd version, asked by `preflight` and awaited by `start`. */
  versionProbe;
  /** The container the CLI runs in, when it is one of this engine's; asked once. */
  self;
  /**
   * Whether the docker CLI speaks API 1.44 or later to the engine (it takes a MAC address per network
   * only then), asked beside the network's creation; unknown before it (a create tries one, and goes without when refused).
   */
  macAddresses;
  /** Copies of members' certificates that `preflight` set going, by member name: a member starts once its copy is in. */
  handoffs = /* @__PURE__ */ new Map();
  /** The member as its container sees it. */
  inContainer(member) {
    return memberInRunContainer(this.state, member);
  }
  isSpecMember(member) {
    return this.spec.members.some((candidate) => candidate.name === member.name);
  }
  /** Records a member beyond the spec's before anything of it exists, so teardown finds it even if this process dies. */
  async recordSpare(member) {
    if (this.isSpecMember(member) || this.state.spare?.[member.name]) return;
    this.state.spare = { ...this.state.spare, [member.name]: member };
    await this.deps.onChange?.();
  }
  /**
   * Docker must answer and the image must be here (`imageCheck`, which `up` started while the PKI was
   * made); then the network is created and every member's container with it, all at once, so that
   * `start` only starts them.
   */
  async preflight() {
    const { image } = this.state;
    const check = imageCheck(image, this.deps);
    await check.ready;
    if (!this.state.etcdVersion) {
      this.versionProbe = check.version().then(async (version) => {
        this.state.etcdVersion = version;
        await this.deps.onChange?.();
        this.deps.logger.info(`members run from ${image} (etcd ${version})`);
      });
      this.versionProbe.catch(() => void 0);
    }
    this.state.networkCreated = true;
    await this.deps.onChange?.();
    this.macAddresses = this.engine.takesMacAddresses();
    const created = await this.engine.createNetwork(
      this.state.network,
      this.state.subnet,
      `${RUN_LABEL}=${this.spec.runId}`
    );
    if (created.code !== 0) {
      this.state.networkCreated = false;
      await this.deps.onChange?.();
      throw new ConfigurationError(
        `could not create the network ${this.state.network} on ${this.state.subnet} (from base-address ${this.spec.members[0].address}): ${created.stderr.trim()}; allowed: a base-address whose /24 no other network uses, and a network name not taken`
      );
    }
    this.deps.logger.info(`created network ${this.state.network} (${this.state.subnet})`);
    for (const member of this.spec.members) this.state.containers[member.name] ??= containerName(this.spec, member);
    await this.deps.onChange?.();
    await Promise.all([...this.spec.members.map((member) => this.create(member)), this.attach()]);
    let previous = Promise.resolve();
    const first = firstAsked(this.spec.members);
    for (const member of [first, ...this.spec.members.filter((other) => other !== first)]) {
      const copy = previous.then(() => this.handOver(member));
      copy.catch(() => void 0);
      this.handoffs.set(member.name, copy);
      previous = copy.catch(() => void 0);
    }
  }
  /**
   * Creates the member's container (not started). Its ARP gives up on an address that does not answer
   * after one probe of 100 ms instead of about 3 s: the first member asks each peer whether the cluster
   * was bootstrapped already (with a 1 s timeout per peer) before it serves, and the peers' containers
   * do not exist yet. Local processes get "connection refused" at once for the same question.
   */
  async create(member, sysctls = true) {
    const name = containerName(this.spec, member);
    const options = { mac: await this.macAddresses ?? true, sysctls };
    for (; ; ) {
      const result = await this.engine.run(memberCreateArgs(this.spec, this.state, member, options));
      if (result.code === 0) break;
      if (options.mac && /requires API version/i.test(result.stderr)) options.mac = false;
      else if (options.sysctls && /sysctl/i.test(result.stderr)) options.sysctls = false;
      else
        throw new Error(
          `creating ${member.name} (container ${name}) failed: docker create exited ${result.code}: ${result.stderr.trim()}`
        );
      this.deps.logger.debug(
        `the engine refused a setting of ${member.name}'s container (${result.stderr.trim()}); creating it without`
      );
    }
    if (options.sysctls) this.neighbourSettings.add(member.name);
    this.deps.logger.debug(`created ${member.name} as container ${name} on ${member.address}`);
  }
  /** Copies the member's certificates into its container (created, not started yet). */
  async handOver(member) {
    const name = containerName(this.spec, member);
    await this.engine.copyInto(
      name,
      await memberPkiFiles(member),
      `copying ${member.name}'s certificates into ${name}`
    );
  }
  async start(member) {
    const name = containerName(this.spec, member);
    if (!this.state.containers[member.name]) {
      await this.recordSpare(member);
      this.state.containers[member.name] = name;
      await this.deps.onChange?.();
      await this.create(member);
      await this.handOver(member);
    }
    const handoff = this.handoffs.get(member.name) ?? Promise.resolve();
    const [started, version] = await Promise.allSettled([
      handoff.then(() => {
        this.handoffs.delete(member.name);
        return this.startContainer(member, name);
      }),
      this.versionProbe
    ]);
    if (version.status === "rejected") throw version.reason;
    if (started.status === "rejected") throw started.reason;
  }
  /**
   * `docker start`. An engine that applies the ARP settings only when the container joins its network
   * (Docker moves them to the network endpoint) and refuses them there gets the container made again
   * without them.
   */
  async startContainer(member, name) {
    const result = await this.engine.run(["start", name]);
    if (result.code === 0) {
      this.neighbourSettings.delete(member.name);
      return;
    }
    if (this.neighbourSettings.has(member.name) && /sysctl/i.test(result.stderr)) {
      this.deps.logger.debug(
        `the engine refused the ARP settings of ${member.name}'s container (${result.stderr.trim()}); making it again without`
      );
      this.neighbourSettings.delete(member.name);
      await this.engine.ok(["rm", "--force", name], `removing ${member.name}'s container ${name}`);
      await this.create(member, false);
      await this.handOver(member);
      await this.engine.ok(["start", name], `starting ${member.name} (container ${name})`);
      return;
    }
    throw new Error(
      `starting ${member.name} (container ${name}) failed: docker start exited ${result.code}: ${result.stderr.trim() || result.stdout.trim()}`
    );
  }
  async stop(member) {
    if (!this.state.containers[member.name]) return;
    await this.resume(member);
    await this.engine.ok(
      ["stop", "--time", String(STOP_GRACE_SECONDS), containerName(this.spec, member)],
      `stopping ${member.name}`,
      (STOP_GRACE_SECONDS + 30) * 1e3
    );
  }
  async kill(member) {
    if (!this.state.containers[member.name]) return;
    await this.resume(member);
    const result = await this.engine.run(["kill", "--signal", "KILL", containerName(this.spec, member)]);
    if (result.code !== 0 && await this.isRunning(member))
      throw new Error(`killing ${member.name} failed: ${result.stderr.trim()}`);
    await this.waitStopped(member);
  }
  async restart(member) {
    await this.stop(member);
    await this.start(member);
  }
  /** Finds (or pulls) the other release's image and asks its etcd for its version. */
  async prepareRelease(from, source) {
    if (!source.image) throw new Error("the container target moves members to another image; none was given");
    const check = imageCheck(source.image, this.deps);
    let version;
    try {
      await check.ready;
      version = await check.version();
    } catch (error) {
      const text = errorMessage(error).replace(/^image is /, "the image of the upgrade release is ");
      throw error instanceof ConfigurationError ? new ConfigurationError(text) : new Error(text);
    }
    this.state.release = { from, to: version, runs: source.image, moved: [] };
    await this.deps.onChange?.();
    this.deps.logger.info(`members may move to ${source.image} (etcd ${version})`);
    return version;
  }
  /**
   * Stops the member, copies its data dir out of its container (a volume's stays in the volume), keeps
   * its log, makes its container again from the other release's image at the same address, and copies
   * the certificates and the data back in before it starts.
   */
  async moveMember(member, release) {
    const move = this.state.release;
    if (!move) throw new Error(`no other release was prepared to move ${member.name} to`);
    const name = containerName(this.spec, member);
    if (!this.state.containers[member.name]) throw new Error(`${member.name} has no container to move`);
    await this.stop(member);
    const dataDir = memberInRunContainer(this.state, member).dataDir;
    const inVolume = this.state.volumes?.[member.name] !== void 0;
    const staging = path3.join(this.spec.stateDir, MOVING_DIR, member.name);
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true, mode: 448 });
    try {
      if (!inVolume)
        await this.engine.ok(
          ["cp", `${name}:${dataDir}`, path3.join(staging, "data")],
          `copying ${member.name}'s data out of ${name}`,
          12e4
        );
      await this.keepLog(member);
      await this.engine.ok(["rm", "--force", name], `removing ${member.name}'s container ${name}`);
      recordMove(move, member, release);
      await this.deps.onChange?.();
      await this.create(member);
      await this.handOver(member);
      if (!inVolume)
        await this.engine.ok(
          ["cp", `${path3.join(staging, "data")}/.`, `${name}:${dataDir}`],
          `copying ${member.name}'s data into ${name}`,
          12e4
        );
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    await this.startContainer(member, name);
  }
  releaseOf(member) {
    return memberRelease(this.state.release, member);
  }
  /** The log of the member's containers before its current one, kept beside the state when a move removed them. */
  earlierLogFile(member) {
    return path3.join(this.spec.stateDir, EARLIER_LOGS_DIR, `${member.name}.log`);
  }
  async keepLog(member) {
    const text = await this.containerLogs(member);
    await mkdir(path3.dirname(this.earlierLogFile(member)), { recursive: true, mode: 448 });
    await appendFile(this.earlierLogFile(member), text.endsWith("\n") || text === "" ? text : `${text}
`, {
      mode: 384
    });
  }
  async isRunning(member) {
    const status = await this.status(member);
    return status === "running" || status === "paused";
  }
  /** The container's status as the engine says it (`running`, `paused`, `exited`, ...), or undefined without one. */
  async status(member) {
    if (!this.state.containers[member.name]) return void 0;
    return this.engine.status(containerName(this.spec, member));
  }
  async pause(member) {
    await this.memberFaults.pause(member);
  }
  async resume(member) {
    await this.memberFaults.resume(member);
  }
  async isolate(members, from) {
    await this.memberFaults.isolate(members, from);
  }
  async heal() {
    await this.memberFaults.heal();
  }
  /** The container the CLI runs in, when it is one of the engine's (a job's `container:`); undefined elsewhere. */
  selfContainer() {
    this.self ??= (this.deps.containerHints ?? readContainerHints)().then((hints) => findSelfContainer(this.deps.runner, hints)).catch(() => void 0);
    return this.self;
  }
  /** The CLI's container joins the members' network, where it must to reach them (see `attachSelf`). */
  async attach() {
    await attachSelf(
      { ...this.deps, spec: this.spec, state: this.state, engine: this.engine },
      await this.selfContainer()
    );
  }
  async sparePlaces(count) {
    return sparePlaces(this.spec, this.state, count);
  }
  /** Restores into a volume of this run (see `restoreIntoVolume`), for a member beyond the spec's. */
  async restoreSnapshot(member, snapshotFile) {
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster; a snapshot is restored only into a member beyond it`);
    const etcdVersion = this.state.etcdVersion;
    if (!etcdVersion)
      throw new Error(`the version of the etcd in ${this.state.image} is not known yet (the target was not prepared)`);
    await this.recordSpare(member);
    return restoreIntoVolume(
      { spec: this.spec, state: this.state, engine: this.engine, onChange: this.deps.onChange, etcdVersion },
      member,
      snapshotFile
    );
  }
  async discard(member) {
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster's spec; only members beyond it are discarded`);
    const problems = await this.removeMember(member.name);
    if (problems.length > 0) throw new Error(`discarding ${member.name}: ${problems.join("; ")}`);
    delete this.state.spare?.[member.name];
    await this.deps.onChange?.();
  }
  /** Removes a member's container and its volume (if any), forgetting each once it is gone. */
  async removeMember(name) {
    const problems = [];
    const container = this.state.containers[name];
    if (container) {
      const problem = await this.engine.removeContainer(container, { volumes: true, whileExiting: true });
      if (problem !== void 0) problems.push(`container ${container}: ${problem}`);
      else delete this.state.containers[name];
    }
    const volume = this.state.volumes?.[name];
    if (volume && problems.length === 0) {
      const problem = await this.engine.removeVolume(volume);
      if (problem !== void 0) problems.push(`volume ${volume}: ${problem}`);
      else delete this.state.volumes?.[name];
    }
    return problems;
  }
  async logs(member, tailLines) {
    const earlier = this.state.release ? await readFile4(this.earlierLogFile(member), "utf8").catch(() => "") : "";
    const current = await this.containerLogs(member, tailLines);
    if (earlier === "") return current;
    const text = earlier + current;
    return tailLines === void 0 ? text : lastLines(text, tailLines);
  }
  /** The log of the member's current container, or its last `tailLines` lines. */
  async containerLogs(member, tailLines) {
    if (!this.state.containers[member.name]) return "";
    const result = await this.engine.run([
      "logs",
      ...tailLines === void 0 ? [] : ["--tail", String(tailLines)],
      containerName(this.spec, member)
    ]);
    return result.stdout + result.stderr;
  }
  /** Removes the containers (with their data) and the network; with keepData, only stops the containers. */
  async destroy(options) {
    const problems = [];
    problems.push(...await this.removeTools());
    const ended = await Promise.all([
      detachSelf(this.engine, this.state),
      ...Object.entries(this.state.containers).map(async ([member, name]) => {
        if (!options.keepData) return this.removeMember(member);
        const problem = await this.engine.stopNow(name);
        return problem !== void 0 ? [`container ${name}: ${problem}`] : [];
      })
    ]);
    problems.push(...ended.flat());
    if (!options.keepData) {
      for (const member of Object.keys(this.state.volumes ?? {})) problems.push(...await this.removeMember(member));
      if (problems.length === 0) delete this.state.spare;
    }
    if (options.keepData) {
      if (Object.keys(this.state.containers).length > 0) {
        this.deps.logger.info(
          `kept the stopped containers ${Object.values(this.state.containers).join(", ")} and network ${this.state.network}`
        );
      }
    } else if (this.state.networkCreated) {
      const problem = await this.engine.removeNetwork(this.state.network);
      if (problem !== void 0) problems.push(`network ${this.state.network}: ${problem}`);
      else this.state.networkCreated = false;
    }
    await this.deps.onChange?.().catch((error) => problems.push(`state: ${errorMessage(error)}`));
    return problems;
  }
  /** Removes the containers of tools (a snapshot restore) that a run cut short left, forgetting each once it is gone. */
  async removeTools() {
    const problems = [];
    for (const name of this.state.tools ?? []) {
      const problem = await this.engine.removeContainer(name);
      if (problem !== void 0) problems.push(`container ${name}: ${problem}`);
      else this.state.tools = this.state.tools?.filter((tool) => tool !== name);
    }
    return problems;
  }
  async waitStopped(member) {
    await pollUntil(async () => await this.isRunning(member) ? void 0 : true, {
      what: `${member.name}'s container to stop`,
      timeoutMs: EXIT_WAIT_MS,
      intervalMs: 50,
      clock: this.deps.clock
    });
  }
};

// src/targets/container/options.ts
var IMAGE = /^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/;
var NETWORK = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
function parseContainerOptions(read) {
  const image = read.raw("image");
  if (image !== void 0 && !IMAGE.test(image))
    read.fail("image", image, "an image reference such as gcr.io/etcd-development/etcd:v3.5.21");
  const network = read.raw("network");
  if (network !== void 0 && !NETWORK.test(network)) {
    read.fail(
      "network",
      network,
      "a network name of letters, digits, _ . and - (up to 63), starting with a letter or digit"
    );
  }
  return { kind: "container", ...image ? { image } : {}, ...network ? { network } : {} };
}

// src/targets/container/entry.ts
var CONTAINER_TARGET = {
  summary: "one container per member on a bridge network of this run",
  addressesNamed: "the containers' /24",
  docs: {
    baseAddress: "`a.b.c.z` puts the members on `a.b.c.0/24`",
    defaultBase: { run: "`172.30.N.11`", certs: "`172.30.N.11`" }
  },
  ownOptions: ["image", "network"],
  parseOptions: (read) => parseContainerOptions(read),
  addressing: () => ({
    refused: [{ name: "member-list", allowed: "nothing when target is container (use base-address)" }],
    // A /24 of its own per run.
    defaultBase: () => `172.30.${randomInt(16, 240)}.11`,
    // .1 is the network's gateway; members count up from the base within its /24.
    baseProblem: (octets, isIpv4, members) => !isIpv4 || octets[0] === 127 || octets[0] === 0 || octets[0] >= 224 || octets[3] < 2 || octets[3] + members - 1 > 254 ? `an IPv4 address a.b.c.z, not loopback, with z from 2 to ${255 - members}: the members' network is a.b.c.0/24 (gateway a.b.c.1)` : void 0
  }),
  placeConfig: (options, members, { baseAddress, label }) => [
    members,
    { addresses: sandboxAddresses(options.kind, baseAddress, members.length, label) }
  ],
  // What a move to another release leaves in the state folder (the upgrade check).
  stateDirEntries: [MOVING_DIR, EARLIER_LOGS_DIR],
  runsLocalBinary: false,
  imageOf: officialImage,
  countsRunningMembers: true,
  record: (options, { spec, etcdVersion }) => ({
    image: options.image ?? officialImage(etcdVersion),
    network: options.network ?? `etcd-ha-${spec.runId}`,
    subnet: memberSubnet(spec),
    networkCreated: false,
    containers: {}
  }),
  prepare: (options, etcdVersion, deps) => {
    void imageCheck(options.image ?? officialImage(etcdVersion), deps).version();
  },
  create: (spec, state, deps) => new ContainerTarget(spec, state, deps),
  specAsRun: (spec) => spec,
  asRun: (member) => memberInContainer(member),
  runConfig: (spec, member) => ({
    file: "flags.txt",
    text: `${etcdFlags(spec, memberInContainer(member)).join("\n")}
`
  }),
  etcdVersion: (state) => state.etcdVersion
};

// src/targets/local-binary.ts
function localBinary(kind, binaries) {
  if (!binaries) throw new Error(`the ${kind} target needs etcd binaries`);
  return binaries.etcd;
}

// src/targets/local/local-target.ts
import { access as access2, constants, mkdir as mkdir2, readFile as readFile5, rm as rm2, writeFile } from "node:fs/promises";
import path4 from "node:path";

// src/targets/ports.ts
import { createServer } from "node:net";
function tryBind(address, port) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host: address, port, exclusive: true }, () => server.close(() => resolve()));
  });
}
async function portsFree(address, ports) {
  for (const port of ports) {
    try {
      await tryBind(address, port);
    } catch {
      return false;
    }
  }
  return true;
}
async function assertListenersFree(listeners) {
  for (const listener of listeners) {
    try {
      await tryBind(listener.address, listener.port);
    } catch (error) {
      const code = error.code;
      const reason = code === "EADDRINUSE" ? "is already in use" : `cannot be bound (${code ?? String(error)})`;
      throw new ConfigurationError(
        `${listener.address}:${listener.port} (the ${listener.role} port of ${listener.member}) ${reason}; ` + (listener.fix ?? `choose another ${listener.role}-port or base-address`)
      );
    }
  }
}

// src/targets/local/peer-proxy.ts
import { connect } from "node:net";
async function peerProxyMain(config, io) {
  const ca = io.fs.readFileSync(config.caFile);
  const cuts = /* @__PURE__ */ new Map();
  const pairKey = (a, b) => a < b ? `${a}
${b}` : `${b}
${a}`;
  const links = /* @__PURE__ */ new Set();
  const log = (message) => process.stdout.write(`${(/* @__PURE__ */ new Date()).toISOString()} ${message}
`);
  const servers = [];
  for (const member of config.members) {
    const cert = io.fs.readFileSync(member.certFile);
    const key = io.fs.readFileSync(member.keyFile);
    const server = io.tls.createServer({ cert, key, ca, requestCert: true, rejectUnauthorized: true }, (socket) => {
      const subject = socket.getPeerCertificate().subject;
      const from = String(subject?.CN ?? "");
      if (cuts.has(pairKey(from, member.name))) {
        socket.destroy();
        return;
      }
      const upstream = io.tls.connect({ host: member.upstream.host, port: member.upstream.port, ca, cert, key });
      const link = {
        from,
        to: member.name,
        end: () => {
          links.delete(link);
          socket.destroy();
          upstream.destroy();
        }
      };
      links.add(link);
      for (const side of [socket, upstream]) {
        side.on("error", link.end);
        side.on("close", link.end);
      }
      socket.pipe(upstream);
      upstream.pipe(socket);
    });
    server.on("tlsClientError", () => void 0);
    await new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen({ host: member.listen.host, port: member.listen.port, exclusive: true }, () => resolve());
    });
    servers.push(server);
  }
  const answer = (line) => {
    let request2;
    try {
      request2 = JSON.parse(line);
    } catch {
      return { ok: false, error: "not a JSON line", cuts: [...cuts.values()], connections: links.size };
    }
    if (request2.op === "isolate") {
      for (const [a, b] of request2.pairs) cuts.set(pairKey(a, b), [a, b]);
      for (const link of [...links]) if (cuts.has(pairKey(link.from, link.to))) link.end();
      log(`cut ${request2.pairs.map(([a, b]) => `${a}-${b}`).join(", ")}`);
    } else if (request2.op === "heal") {
      cuts.clear();
      log("healed every link");
    } else if (request2.op !== "ping") {
      return {
        ok: false,
        error: `unknown op ${String(request2.op)}`,
        cuts: [...cuts.values()],
        connections: links.size
      };
    }
    return { ok: true, cuts: [...cuts.values()], connections: links.size };
  };
  const control = io.net.createServer((connection) => {
    let buffer = "";
    connection.setEncoding("utf8");
    connection.on("error", () => void 0);
    connection.on("data", (chunk) => {
      buffer += chunk;
      for (let end = buffer.indexOf("\n"); end >= 0; end = buffer.indexOf("\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        connection.write(`${JSON.stringify(answer(line))}
`);
      }
    });
  });
  io.fs.rmSync(config.control, { force: true });
  await new Promise((resolve, reject) => {
    control.once("error", reject);
    control.listen(config.control, () => resolve());
  });
  io.fs.chmodSync(config.control, 384);
  log(
    `proxying the peer ports of ${config.members.map((member) => `${member.name} (${member.listen.host}:${member.listen.port})`).join(", ")}`
  );
  const stop = () => {
    for (const link of [...links]) link.end();
    for (const server of servers) server.close();
    control.close();
    io.fs.rmSync(config.control, { force: true });
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  const anyMemberRuns = () => {
    try {
      const state = JSON.parse(io.fs.readFileSync(config.stateFile, "utf8"));
      return Object.values(state.local?.processes ?? {}).some(({ pid, startTime }) => {
        try {
          const stat = io.fs.readFileSync(`/proc/${pid}/stat`, "utf8");
          const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          return fields[0] !== "Z" && fields[19] === startTime;
        } catch {
          return false;
        }
      });
    } catch {
      return false;
    }
  };
  let lastSeen = Date.now();
  setInterval(
    () => {
      if (anyMemberRuns()) lastSeen = Date.now();
      else if (Date.now() - lastSeen > config.orphanAfterMs) {
        log(`no member has run for ${config.orphanAfterMs} ms: ending`);
        stop();
      }
    },
    Math.min(5e3, config.orphanAfterMs)
  );
}
function peerProxyScript() {
  return [
    "import fs from 'node:fs';",
    "import net from 'node:net';",
    "import tls from 'node:tls';",
    // Run from source by tsx (as @github/local-action does), the function's text calls esbuild's
    // __name helper to keep names; the bundles do not. Naming nothing is all the proxy needs of it.
    "const __name = (target) => target;",
    `const peerProxyMain = ${peerProxyMain.toString()};`,
    "peerProxyMain(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')), { fs, net, tls }).catch((error) => {",
    "  console.error(error);",
    "  process.exit(1);",
    "});",
    ""
  ].join("\n");
}
function proxyRequest(control, request2, timeoutMs = 3e3) {
  return new Promise((resolve, reject) => {
    const socket = connect(control);
    let buffer = "";
    const fail = (error) => {
      socket.destroy();
      reject(new Error(`the peer proxy (${control}) did not answer ${request2.op}: ${error.message}`));
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no answer within ${timeoutMs} ms`)));
    socket.setEncoding("utf8");
    socket.once("error", fail);
    socket.on("data", (chunk) => {
      buffer += chunk;
      const end = buffer.indexOf("\n");
      if (end < 0) return;
      socket.end();
      const answer = JSON.parse(buffer.slice(0, end));
      if (answer.ok) resolve(answer);
      else reject(new Error(`the peer proxy refused ${request2.op}: ${answer.error ?? "no reason given"}`));
    });
    socket.write(`${JSON.stringify(request2)}
`);
  });
}

// src/targets/local/local-target.ts
var NO_LINK_CUTS = "the local target runs its peer proxy, in which isolate cuts links, only when a check of the run may cut links (partition, history) or for up, whose checks come later; these members were started without it";
var MAX_SOCKET_PATH = 100;
var proxyDir = (spec) => path4.join(spec.stateDir, "peer-proxy");
var controlSocket = (spec) => path4.join(proxyDir(spec), "control.sock");
function peerProxyPlan(spec) {
  const configured = spec.members.find((member) => member.configured);
  if (configured) {
    const why = whyConfiguredPeersUnproxied(spec);
    if (why) return { reason: `the local target cuts peer links in its peer proxy, which ${why}` };
  }
  if (controlSocket(spec).length > MAX_SOCKET_PATH) {
    return {
      reason: `the local target's peer proxy needs a state folder path of at most ${MAX_SOCKET_PATH - 25} characters for its control socket (${spec.stateDir})`
    };
  }
  const { peerPort, clientPort } = spec.topology;
  const taken = /* @__PURE__ */ new Set([
    clientPort,
    ...spec.members.flatMap((member) => memberListeners(spec, member)).map((l) => l.port)
  ]);
  const candidates = [peerPort + 1, peerPort + 2, peerPort + 3, peerPort - 1, peerPort - 2, peerPort - 3].filter(
    (port) => !taken.has(port) && port >= 1024 && port <= 65535
  );
  if (candidates.length === 0)
    return { reason: `the local target's peer proxy found no free port within 3 of the peer port ${peerPort}` };
  return { port: candidates[0] };
}
function whyConfiguredPeersUnproxied(spec) {
  for (const member of spec.members) {
    const settings = new Set(member.configured?.settings.map((setting) => setting.name) ?? []);
    if (!member.configured) continue;
    if (!member.peerUrl.startsWith("https://"))
      return `tells members apart by their peer certificates, and member ${member.name} of the configuration (${member.configured.file}) speaks plain http to its peers (${member.peerUrl})`;
    const missing = ["peer-cert-file", "peer-key-file"].filter((name) => !settings.has(name));
    if (missing.length > 0)
      return `tells members apart by their peer certificates, and member ${member.name} of the configuration (${member.configured.file}) sets no ${missing.join(" and ")} (peer-auto-tls certificates are its own, not the run's)`;
  }
  return void 0;
}
var STOP_GRACE_MS = 1e4;
var EXIT_WAIT_MS2 = 5e3;
var SIGNAL_WAIT_MS = 2e3;
var PROXY_START_MS = 5e3;
var PROXY_ORPHAN_MS = 6e4;
var RESTORE_TIMEOUT_MS2 = 12e4;
var SPARE_ADDRESS_TRIES = 64;
var IPV4_LOOPBACK = /^127\.\d+\.\d+\.\d+$/;
var ipv4Number = (address) => address.split(".").reduce((total, octet) => total * 256 + Number(octet), 0);
var ipv4Text = (value) => [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
var LocalTarget = class {
  constructor(spec, state, deps) {
    this.spec = spec;
    this.state = state;
    this.deps = deps;
    const plan = peerProxyPlan(spec);
    this.running = state.peerProxy ? withPeerProxies(spec, state.peerProxy.port) : spec;
    this.faults = {
      pause: { supported: true },
      isolate: state.peerProxy ? { supported: true } : {
        supported: false,
        reason: "reason" in plan ? plan.reason : NO_LINK_CUTS
      },
      add: spec.members.every((member) => IPV4_LOOPBACK.test(member.address)) ? { supported: true } : {
        supported: false,
        reason: "the local target places members beyond the spec's on the loopback addresses after the members' IPv4 ones, and these members run on ::1"
      }
    };
  }
  spec;
  state;
  deps;
  kind = "local";
  faults;
  /** The spec the members run: with the proxy's advertised peer URLs where the peers are proxied. */
  running;
  /** The spec's members and those beyond it that this target placed. */
  allMembers() {
    return [...this.spec.members, ...Object.values(this.state.spare ?? {})];
  }
  isSpecMember(member) {
    return this.spec.members.some((candidate) => candidate.name === member.name);
  }
  /** Records a member beyond the spec's before anything of it exists, so teardown finds it even if this process dies. */
  async recordSpare(member) {
    if (this.isSpecMember(member) || this.state.spare?.[member.name]) return;
    this.state.spare = { ...this.state.spare, [member.name]: member };
    await this.deps.onChange?.(this.state);
  }
  /** Checks every listener is free before any member starts, so a taken port leaves nothing running. */
  async preflight() {
    for (const member of this.spec.members) {
      if (!IPV4_LOOPBACK.test(member.address) && member.address !== "::1") {
        throw new ConfigurationError(
          `member ${member.name} has the address ${member.address}; the local target runs every member on this machine, so it needs loopback addresses (127.x.y.z or ::1)`
        );
      }
    }
    const proxy = this.state.peerProxy;
    await assertListenersFree(
      this.spec.members.flatMap((member) => [
        ...memberListeners(this.spec, member).map((listener) => ({
          member: member.name,
          ...listener,
          // A configuration's ports are its own; only the addresses are the run's.
          ...member.configured ? { fix: "choose another base-address" } : {}
        })),
        ...proxy ? [
          {
            member: member.name,
            role: "peer",
            address: member.address,
            port: proxy.port,
            fix: `choose another peer-port or base-address (the peer proxy listens on port ${proxy.port})`
          }
        ] : []
      ])
    );
    await this.ensurePeerProxy();
  }
  async start(member) {
    const running = this.state.processes[member.name];
    if (running && isRunning(running)) throw new Error(`${member.name} is already running (PID ${running.pid})`);
    await this.recordSpare(member);
    await mkdir2(member.dataDir, { recursive: true, mode: 448 });
    await mkdir2(path4.dirname(member.logFile), { recursive: true, mode: 448 });
    await this.ensurePeerProxy();
    const proxied = this.running.members.find((candidate) => candidate.name === member.name) ?? member;
    const release = this.releaseOf(member);
    const handle = await this.deps.runner.startDetached(
      release ? this.state.release?.runs ?? this.state.etcdBinary : this.state.etcdBinary,
      etcdFlags(this.running, proxied, writtenFor(release)),
      member.logFile
    );
    this.state.processes[member.name] = handle;
    this.deps.logger.debug(`started ${member.name} as PID ${handle.pid}`);
    await this.deps.onChange?.(this.state);
  }
  async stop(member) {
    await this.end(member, "SIGTERM", STOP_GRACE_MS);
  }
  async kill(member) {
    await this.end(member, "SIGKILL", EXIT_WAIT_MS2);
  }
  async restart(member) {
    await this.stop(member);
    await this.start(member);
  }
  /** Records the other release's binary (this machine's, found or downloaded before). */
  async prepareRelease(from, source) {
    if (!source.binaries)
      throw new Error("the local target moves members to another etcd binary of this machine; none was given");
    this.state.release = { from, to: source.binaries.version, runs: source.binaries.etcd, moved: [] };
    await this.deps.onChange?.(this.state);
    return source.binaries.version;
  }
  async moveMember(member, release) {
    const move = this.state.release;
    if (!move) throw new Error(`no other release was prepared to move ${member.name} to`);
    await this.stop(member);
    recordMove(move, member, release);
    await this.deps.onChange?.(this.state);
    await this.start(member);
  }
  releaseOf(member) {
    return memberRelease(this.state.release, member);
  }
  async isRunning(member) {
    const handle = this.state.processes[member.name];
    return handle !== void 0 && isRunning(handle);
  }
  /** SIGSTOP, and waits until the process is stopped. */
  async pause(member) {
    const handle = this.state.processes[member.name];
    if (!handle || !signalProcess(handle, "SIGSTOP")) throw new Error(`cannot pause ${member.name}: it is not running`);
    await this.waitUntil(() => isStopped(handle), `${member.name} (PID ${handle.pid}) to stop after SIGSTOP`);
  }
  /** SIGCONT to a stopped member, and waits until it runs again. */
  async resume(member) {
    const handle = this.state.processes[member.name];
    if (!handle || !isStopped(handle)) return;
    signalProcess(handle, "SIGCONT");
    await this.waitUntil(() => !isStopped(handle), `${member.name} (PID ${handle.pid}) to run after SIGCONT`);
  }
  /** Tells the peer proxy to cut every link between the two groups (and to end their open connections). */
  async isolate(members, from) {
    requireFault(this, "isolate");
    await this.ensurePeerProxy();
    const pairs = members.flatMap(
      (a) => from.filter((b) => b.name !== a.name).map((b) => [a.name, b.name])
    );
    await proxyRequest(controlSocket(this.spec), { op: "isolate", pairs });
    this.deps.logger.debug(`cut the peer links ${pairs.map((pair) => pair.join("-")).join(", ")}`);
  }
  async heal() {
    const proxy = this.state.peerProxy?.process;
    if (!proxy || !isRunning(proxy)) return;
    await proxyRequest(controlSocket(this.spec), { op: "heal" });
  }
  /** The next loopback addresses after the highest member address whose client and peer ports are free now, with those ports. */
  async sparePlaces(count) {
    requireFault(this, "add");
    const taken = new Set(this.allMembers().map((member) => member.address));
    const { clientPort, peerPort } = this.spec.topology;
    const found = [];
    let candidate = Math.max(...this.spec.members.map((member) => ipv4Number(member.address)));
    for (let tried = 0; found.length < count && tried < SPARE_ADDRESS_TRIES; tried++) {
      candidate += 1;
      const address = ipv4Text(candidate);
      if (!IPV4_LOOPBACK.test(address) || address.endsWith(".255")) break;
      if (!taken.has(address) && await portsFree(address, [clientPort, peerPort])) found.push(address);
    }
    if (found.length < count) {
      throw new Error(
        `found ${found.length} of ${count} loopback addresses after ${this.spec.members.at(-1)?.address} with ports ${clientPort} and ${peerPort} free`
      );
    }
    return found.map((address) => placeOnAddress(this.spec, address));
  }
  /** Runs etcdutl (etcd 3.5 and later ship it beside etcd), else etcdctl (3.4), from etcd's folder into the member's data dir. */
  async restoreSnapshot(member, snapshotFile) {
    requireFault(this, "add");
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster; a snapshot is restored only into a member beyond it`);
    await this.recordSpare(member);
    const dir = path4.dirname(this.state.etcdBinary);
    const tools = [path4.join(dir, "etcdutl"), path4.join(dir, "etcdctl")];
    let tool;
    for (const candidate of tools) {
      if (await access2(candidate, constants.X_OK).then(
        () => true,
        () => false
      )) {
        tool = candidate;
        break;
      }
    }
    if (!tool) throw new Error(`neither ${tools.join(" nor ")} can be run, so no snapshot can be restored`);
    await mkdir2(path4.dirname(member.dataDir), { recursive: true, mode: 448 });
    const args = snapshotRestoreArgs(member, snapshotFile, member.dataDir);
    const result = await this.deps.runner.run(tool, args, { timeoutMs: RESTORE_TIMEOUT_MS2 });
    if (result.code !== 0)
      throw new Error(
        `${path4.basename(tool)} snapshot restore for ${member.name} exited ${result.code}: ${(result.stderr || result.stdout).trim().slice(-500)}`
      );
    return [tool, ...args].join(" ");
  }
  async discard(member) {
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster's spec; only members beyond it are discarded`);
    await this.kill(member);
    await rm2(member.dataDir, { recursive: true, force: true });
    if (this.state.spare?.[member.name]) {
      delete this.state.spare[member.name];
      await this.deps.onChange?.(this.state);
    }
  }
  async logs(member, tailLines) {
    let text;
    try {
      text = await readFile5(member.logFile, "utf8");
    } catch {
      return "";
    }
    return tailLines === void 0 ? text : lastLines(text, tailLines);
  }
  async destroy(options) {
    const problems = [];
    for (const member of this.allMembers()) {
      try {
        await this.kill(member);
      } catch (error) {
        problems.push(`${member.name}: ${errorMessage(error)}`);
      }
    }
    const proxy = this.state.peerProxy?.process;
    if (proxy) {
      try {
        await endProcess(proxy, "SIGTERM", {
          graceMs: SIGNAL_WAIT_MS,
          killWaitMs: EXIT_WAIT_MS2,
          clock: this.deps.clock,
          what: "the peer proxy"
        });
        delete this.state.peerProxy?.process;
        await this.deps.onChange?.(this.state);
      } catch (error) {
        problems.push(`peer proxy: ${errorMessage(error)}`);
      }
    }
    await rm2(proxyDir(this.spec), { recursive: true, force: true }).catch(
      (error) => problems.push(`${proxyDir(this.spec)}: ${errorMessage(error)}`)
    );
    if (!options.keepData) {
      for (const dir of [path4.join(this.spec.stateDir, "data"), path4.join(this.spec.stateDir, "logs")]) {
        await rm2(dir, { recursive: true, force: true }).catch(
          (error) => problems.push(`${dir}: ${errorMessage(error)}`)
        );
      }
      if (this.state.spare && problems.length === 0) {
        delete this.state.spare;
        await this.deps.onChange?.(this.state);
      }
    }
    return problems;
  }
  /**
   * Starts the peer proxy unless it runs (once per cluster, before the first member; again if it
   * died), and waits until it answers on its control socket.
   */
  async ensurePeerProxy() {
    const proxy = this.state.peerProxy;
    if (!proxy || proxy.process && isRunning(proxy.process)) return;
    const dir = proxyDir(this.spec);
    await mkdir2(dir, { recursive: true, mode: 448 });
    await mkdir2(path4.join(this.spec.stateDir, "logs"), { recursive: true, mode: 448 });
    const endpoint = (url) => {
      const parsed = new URL(url);
      return { host: parsed.hostname.replace(/^\[(.*)\]$/, "$1"), port: Number(parsed.port) };
    };
    const config = {
      control: controlSocket(this.spec),
      caFile: this.spec.pki.caCert,
      // The state file the steps share: the proxy reads the member PIDs from it.
      stateFile: stateFilePath(this.spec.stateDir),
      orphanAfterMs: PROXY_ORPHAN_MS,
      members: this.running.members.map((member) => ({
        name: member.name,
        listen: endpoint(member.advertisedPeerUrl ?? member.peerUrl),
        upstream: endpoint(member.peerUrl),
        certFile: member.pki.peerCert,
        keyFile: member.pki.peerKey
      }))
    };
    const script = path4.join(dir, "peer-proxy.mjs");
    const configFile = path4.join(dir, "config.json");
    const logFile = path4.join(this.spec.stateDir, "logs", "peer-proxy.log");
    await writeFile(script, peerProxyScript(), { mode: 384 });
    await writeFile(configFile, JSON.stringify(config, null, 2), { mode: 384 });
    const handle = await this.deps.runner.startDetached(process.execPath, [script, configFile], logFile);
    proxy.process = handle;
    await this.deps.onChange?.(this.state);
    const exited = new Error("it exited");
    try {
      await pollUntil(
        async () => {
          if (!isRunning(handle)) throw exited;
          return (await proxyRequest(config.control, { op: "ping" }, 500)).ok || void 0;
        },
        {
          what: "the peer proxy to answer",
          timeoutMs: PROXY_START_MS,
          intervalMs: 20,
          clock: this.deps.clock,
          isFatal: (error) => error === exited
        }
      );
    } catch (error) {
      const log = await readFile5(logFile, "utf8").catch(() => "");
      throw new Error(
        `the peer proxy did not start (${errorMessage(error)}); its log: ${log.trim().split("\n").slice(-5).join(" | ") || "(empty)"}`
      );
    }
    this.deps.logger.debug(
      `started the peer proxy as PID ${handle.pid} on port ${proxy.port} of every member's address`
    );
  }
  async waitUntil(done, what) {
    await pollUntil(async () => done() ? true : void 0, {
      what,
      timeoutMs: SIGNAL_WAIT_MS,
      intervalMs: 5,
      clock: this.deps.clock
    });
  }
  /** Signals a member and waits for it to exit; escalates to SIGKILL after `graceMs`. */
  async end(member, signal, graceMs) {
    const handle = this.state.processes[member.name];
    if (!handle) return;
    if (isStopped(handle)) signalProcess(handle, "SIGCONT");
    await endProcess(handle, signal, {
      graceMs,
      killWaitMs: EXIT_WAIT_MS2,
      clock: this.deps.clock,
      what: member.name,
      onEscalate: () => this.deps.logger.warning(
        `${member.name} (PID ${handle.pid}) did not exit ${graceMs} ms after ${signal}; killing it`
      )
    });
    delete this.state.processes[member.name];
    await this.deps.onChange?.(this.state);
  }
};

// src/targets/local/loopback-block.ts
import { randomInt as randomInt2 } from "node:crypto";
import { readFileSync } from "node:fs";

// src/util/proc-net-tcp.ts
function tcpListeners(table) {
  const listeners = [];
  for (const line of table.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4 || fields[3] !== "0A") continue;
    const [hex, portHex] = fields[1].split(":");
    const port = Number.parseInt(portHex ?? "", 16);
    if (!Number.isInteger(port)) continue;
    const address = hex.length === 8 ? [6, 4, 2, 0].map((at2) => Number.parseInt(hex.slice(at2, at2 + 2), 16)).join(".") : hex;
    listeners.push({ address, port });
  }
  return listeners;
}

// src/targets/local/loopback-block.ts
function loopbackListeners(read = (file) => readFileSync(file, "utf8")) {
  try {
    return new Set(tcpListeners(read("/proc/net/tcp")).map((listener) => listener.address));
  } catch {
    return /* @__PURE__ */ new Set();
  }
}
function freeLoopbackBase(listeners = loopbackListeners(), random = randomInt2) {
  const busy = new Set([...listeners].filter((address) => address.startsWith("127.0.")).map((a) => a.split(".")[2]));
  const start = random(1, 255);
  for (let offset = 0; offset < 254; offset++) {
    const block = (start - 1 + offset) % 254 + 1;
    if (!busy.has(String(block))) return `127.0.${block}.11`;
  }
  return "127.0.0.11";
}

// src/targets/local/entry.ts
var LOCAL_TARGET = {
  summary: "processes, on loopback addresses",
  addressesNamed: "loopback",
  docs: {
    defaultBase: {
      run: "`127.0.N.11`, a loopback block nothing listens on (`127.0.0.11` for certs and with {pki-dir})",
      certs: "`127.0.0.11`"
    },
    memberList: "loopback addresses"
  },
  ownOptions: [],
  parseOptions: () => ({ kind: "local" }),
  addressing: () => ({
    refused: [],
    ...LOOPBACK_BASE,
    // Where the certificates are made for later or elsewhere, the default stays the address they name.
    defaultBase: ({ freeLoopbackBlock }) => freeLoopbackBlock ? freeLoopbackBase() : LOOPBACK_BASE.defaultBase({ freeLoopbackBlock })
  }),
  placeConfig: (options, members, { baseAddress, label }) => [
    members,
    { addresses: sandboxAddresses(options.kind, baseAddress, members.length, label) }
  ],
  runsLocalBinary: true,
  countsRunningMembers: true,
  record: (_options, placement) => {
    const plan = placement.cutsLinks === false ? { reason: NO_LINK_CUTS } : peerProxyPlan(placement.spec);
    return {
      etcdBinary: localBinary("local", placement.binaries),
      processes: {},
      ..."port" in plan ? { peerProxy: { port: plan.port } } : {}
    };
  },
  create: (spec, state, deps) => new LocalTarget(spec, state, deps),
  // The members advertise the peer proxy's URLs, and initial-cluster names those, where one is in front of them.
  specAsRun: (spec, state) => state.peerProxy ? withPeerProxies(spec, state.peerProxy.port) : spec,
  asRun: (member) => member,
  runConfig: (spec, member) => ({ file: "flags.txt", text: `${etcdFlags(spec, member).join("\n")}
` }),
  etcdVersion: () => void 0
};

// src/targets/ssh/entry.ts
import path7 from "node:path";

// src/targets/ssh/inputs.ts
import path5 from "node:path";
var SSH_INPUTS_DIR = "etcd-ha-ssh";
async function writeSshInputs(target, stateDir, mask = () => void 0) {
  for (const line of target.sshKey.split("\n")) if (line.trim().length > 0) mask(line.trim());
  const dir = path5.join(stateDir, SSH_INPUTS_DIR);
  await makeDirs(dir, 448);
  const keyFile = path5.join(dir, "id_etcd_ha");
  const knownHostsFile = path5.join(dir, "known_hosts");
  await writeFileNoFollow(keyFile, `${target.sshKey.trim()}
`, { mode: 384 });
  await writeFileNoFollow(knownHostsFile, `${target.knownHosts.trim()}
`, { mode: 384 });
  return { ...target, sshKey: keyFile, knownHosts: knownHostsFile, ownedFiles: [keyFile, knownHostsFile] };
}

// src/targets/ssh/options.ts
import { isIP as isIP2 } from "node:net";
var USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;
var HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
function parseSshHost(entry) {
  const match = /^([^@\s]+)@(\[[0-9A-Fa-f:.]+\]|[^:[\]\s]+)(?::(\d{1,5}))?$/.exec(entry);
  if (!match) return void 0;
  const [, user, rawHost, rawPort] = match;
  const host = rawHost.startsWith("[") ? rawHost.slice(1, -1) : rawHost;
  const port = rawPort === void 0 ? 22 : Number(rawPort);
  const hostOk = rawHost.startsWith("[") ? isIP2(host) === 6 : isIP2(host) === 4 || HOST_NAME.test(host);
  if (!USER.test(user) || !hostOk || port < 1 || port > 65535) return void 0;
  return { user, host, port };
}
function parseSshOptions(read, access4) {
  const kind = "ssh";
  const entries = read.list("hosts");
  if (entries.length === 0)
    read.fail(
      "hosts",
      "",
      "one user@host[:port] per member (comma- or newline-separated), 1 to 9 hosts, when target is ssh"
    );
  if (entries.length > 9) read.fail("hosts", read.raw("hosts") ?? "", `at most 9 hosts (${entries.length} given)`);
  const hosts = entries.map(
    (entry) => parseSshHost(entry) ?? read.fail("hosts", entry, "user@host[:port] entries, the host an IP address ([IPv6]) or DNS name")
  );
  const seen = /* @__PURE__ */ new Set();
  for (const host of hosts) {
    if (seen.has(host.host))
      read.fail(
        "hosts",
        read.raw("hosts") ?? "",
        `one entry per host: ${host.host} appears twice (each member needs its own address)`
      );
    seen.add(host.host);
  }
  const sshKey = read.raw("ssh-key");
  if (!access4) return { kind, hosts, sshKey: sshKey ?? "", knownHosts: read.raw("known-hosts") ?? "" };
  if (sshKey === void 0) read.fail("ssh-key", "", "the private key that logs in to every host, when target is ssh");
  const knownHosts = read.raw("known-hosts");
  if (knownHosts === void 0) {
    read.fail("known-hosts", "", "known_hosts lines for every host, when target is ssh (host keys are always checked)");
  }
  return { kind, hosts, sshKey, knownHosts };
}

// src/targets/ssh/placement.ts
function membersOnHosts(members, hosts, label) {
  if (hosts.length !== members.length) {
    throw new ConfigurationError(
      `${label("hosts")} is '${hosts.join(",")}'; allowed: one host per member of the configuration (${members.map((member) => `${member.name} in ${member.file}`).join(", ")})`
    );
  }
  const ordered = hosts.map((host) => {
    const member = members.find((candidate) => hostsOf(candidate).includes(host));
    if (!member) {
      throw new ConfigurationError(
        `${label("hosts")} names ${host}, which no member's URLs name (${members.map((m) => `${m.name} in ${m.file}: ${hostsOf(m).join(", ") || "none"}`).join("; ")}); with target ssh each member runs on the host its URLs name`
      );
    }
    return member;
  });
  const twice = ordered.find((member, index) => ordered.indexOf(member) !== index);
  if (twice)
    throw new ConfigurationError(
      `${label("hosts")} names two hosts of member ${twice.name} (${twice.file}); allowed: one host per member`
    );
  return ordered;
}

// src/targets/ssh/ssh-target.ts
import { constants as constants2 } from "node:fs";
import { access as access3, mkdtemp, readFile as readFile6, rm as rm3 } from "node:fs/promises";
import { tmpdir } from "node:os";
import path6 from "node:path";

// src/targets/ssh/link-rules.ts
import { createHash as createHash2 } from "node:crypto";
import { isIP as isIP3 } from "node:net";
var FIREWALL_PROBE = `fw_why=
if command -v iptables >/dev/null 2>&1; then
  if fw_out=$(iptables -w -S INPUT 2>&1 >/dev/null); then echo firewall iptables; exit 0; fi
  fw_why="iptables -S INPUT failed: $(printf '%s' "$fw_out" | head -n 1)"
fi
if command -v nft >/dev/null 2>&1; then
  if fw_out=$(nft list tables 2>&1 >/dev/null); then echo firewall nft; exit 0; fi
  fw_why="\${fw_why:+$fw_why; }nft list tables failed: $(printf '%s' "$fw_out" | head -n 1)"
fi
echo "firewall none \${fw_why:-neither iptables nor nft is installed}"`;
function parseFirewallProbe(output) {
  const line = output.split("\n").map((text) => text.trim()).find((text) => text.startsWith("firewall "));
  if (line === void 0) return void 0;
  const [, tool, ...why] = line.split(" ");
  if (tool === "iptables" || tool === "nft") return { tool };
  return { reason: why.join(" ") || "neither iptables nor nft is installed" };
}
function ruleSetName(runId, tool) {
  const id = /^[A-Za-z0-9]{1,16}$/.test(runId) ? runId : createHash2("sha256").update(runId).digest("hex").slice(0, 16);
  return tool === "iptables" ? `ETCD-HA-${id}` : `etcd_ha_${id}`;
}
var ADDRESS = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;
function checkEnd(end) {
  if (isIP3(end.address) === 0 && !ADDRESS.test(end.address))
    throw new Error(`the address ${end.address} is neither an IP address nor a host name, so no rule names it`);
  if (!Number.isInteger(end.peerPort) || end.peerPort < 1 || end.peerPort > 65535)
    throw new Error(`the peer port ${end.peerPort} of ${end.address} is not a port (1-65535)`);
}
function linkMatches(cut) {
  const { local, remote } = cut;
  return [
    { from: remote.address, to: local.address, port: "dport", value: local.peerPort },
    { from: local.address, to: remote.address, port: "sport", value: local.peerPort },
    { from: local.address, to: remote.address, port: "dport", value: remote.peerPort },
    { from: remote.address, to: local.address, port: "sport", value: remote.peerPort }
  ];
}
function cutScript(tool, runId, cuts) {
  for (const cut of cuts) {
    checkEnd(cut.local);
    checkEnd(cut.remote);
    if (cut.local.address === cut.remote.address)
      throw new Error(
        `the members at ${cut.local.address}:${cut.local.peerPort} and :${cut.remote.peerPort} share a host, and rules by address and port cannot tell their peer connections from others there`
      );
  }
  const name = shellQuote(ruleSetName(runId, tool));
  const lines = ["set -e"];
  if (tool === "iptables") {
    const commands = [...new Set(cuts.map((cut) => iptablesFor(cut.remote.address)))];
    for (const command of commands) {
      const resets = "-p tcp --tcp-flags RST RST -j RETURN";
      lines.push(
        `${command} -w -N ${name} 2>/dev/null || true`,
        `${command} -w -C INPUT -j ${name} 2>/dev/null || ${command} -w -I INPUT -j ${name}`,
        `${command} -w -C OUTPUT -j ${name} 2>/dev/null || ${command} -w -I OUTPUT -j ${name}`,
        `${command} -w -C ${name} ${resets} 2>/dev/null || ${command} -w -I ${name} 1 ${resets}`
      );
    }
    for (const cut of cuts) {
      const command = iptablesFor(cut.remote.address);
      for (const match of linkMatches(cut)) {
        const rule = `${name} -s ${shellQuote(match.from)} -d ${shellQuote(match.to)} -p tcp --${match.port} ${match.value} -j REJECT --reject-with tcp-reset`;
        lines.push(`${command} -w -C ${rule} 2>/dev/null || ${command} -w -A ${rule}`);
      }
    }
    return lines.join("\n");
  }
  lines.push(
    `nft list table inet ${name} >/dev/null 2>&1 || nft -f - <<'EOF'`,
    `table inet ${ruleSetName(runId, tool)} {`,
    "  chain cut {",
    "    tcp flags & rst == rst return",
    "  }",
    "  chain input {",
    "    type filter hook input priority 0; policy accept;",
    "    jump cut",
    "  }",
    "  chain output {",
    "    type filter hook output priority 0; policy accept;",
    "    jump cut",
    "  }",
    "}",
    "EOF"
  );
  for (const cut of cuts) {
    const family = isIP3(cut.remote.address) === 6 ? "ip6" : "ip";
    for (const match of linkMatches(cut)) {
      lines.push(
        `nft add rule inet ${name} cut ${family} saddr ${shellQuote(match.from)} ${family} daddr ${shellQuote(match.to)} tcp ${match.port} ${match.value} reject with tcp reset`
      );
    }
  }
  return lines.join("\n");
}
var iptablesFor = (address) => isIP3(address) === 6 ? "ip6tables" : "iptables";
function removeRulesScript(tool, runId) {
  const name = shellQuote(ruleSetName(runId, tool));
  if (tool === "nft") {
    return [
      `nft list table inet ${name} >/dev/null 2>&1 || exit 0`,
      `nft delete table inet ${name}`,
      `! nft list table inet ${name} >/dev/null 2>&1`
    ].join("\n");
  }
  return `left=
for t in iptables ip6tables; do
  command -v $t >/dev/null 2>&1 || continue
  $t -w -S ${name} >/dev/null 2>&1 || continue
  for hook in INPUT OUTPUT; do
    i=0; while [ $i -lt 20 ] && $t -w -D $hook -j ${name} 2>/dev/null; do i=$((i+1)); done
  done
  $t -w -F ${name} && $t -w -X ${name} || left="$left $t"
done
if [ -n "$left" ]; then echo "the chain "${name}" is still there for:$left" >&2; exit 1; fi`;
}

// src/targets/ssh/ssh-target.ts
var COMMAND_TIMEOUT_MS = 6e4;
var RESTORE_TIMEOUT_MS3 = 12e4;
var SPARE_PORT_STEP = 10;
var SPARE_PORT_TRIES = 50;
var UPLOAD_TIMEOUT_MS = 3e5;
var MASTER_WAIT_MS = 1e4;
var ARCH = {
  x64: "x86_64",
  arm64: "aarch64",
  arm: "armv7l",
  ppc64: "ppc64le",
  s390x: "s390x"
};
function remoteNames(spec, member) {
  return { dir: `/var/lib/etcd-ha-${spec.runId}-${member.name}`, unit: `etcd-ha-${spec.runId}-${member.name}.service` };
}
function memberOnHost(spec, member) {
  const { dir } = remoteNames(spec, member);
  return relocatedMember(member, { dataDir: `${dir}/data`, pkiDir: `${dir}/pki`, logFile: `${dir}/etcd.log` });
}
function systemdUnit(spec, member, dir, binary = "etcd") {
  return [
    "[Unit]",
    `Description=etcd member ${member.name} (etcd-ha run ${spec.runId})`,
    "Documentation=https://etcd.io/docs/",
    "After=network-online.target",
    "Wants=network-online.target",
    "",
    "[Service]",
    "Type=notify",
    `ExecStart=${dir}/${binary} --config-file=${dir}/etcd.conf.yml`,
    "Restart=no",
    "TimeoutStartSec=infinity",
    "TimeoutStopSec=10",
    "LimitNOFILE=65536",
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    ""
  ].join("\n");
}
var PROCESS_FUNCTIONS = `
alive() { s=$(cat /proc/$1/stat 2>/dev/null) || return 1; set -- "$2" \${s##*) }; [ "$2" != Z ] && [ "$2" != X ] && [ "\${21}" = "$1" ]; }
until_not() { i=0; while "$@" && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; ! "$@"; }
unit_up() { st=$(systemctl is-active "$1" 2>/dev/null); [ "$st" = active ] || [ "$st" = activating ] || [ "$st" = deactivating ]; }
`;
var hostKey = (host) => `${host.host}:${host.port}`;
var portOf = (url) => Number(new URL(url).port || 443);
function listeningPorts(procNetTcp) {
  return new Set(tcpListeners(procNetTcp).map((listener) => listener.port));
}
function sparePorts(base, taken, listening) {
  for (let step = 1; step <= SPARE_PORT_TRIES; step++) {
    const clientPort = base.clientPort + step * SPARE_PORT_STEP;
    const peerPort = base.peerPort + step * SPARE_PORT_STEP;
    if (clientPort > 65535 || peerPort > 65535) return void 0;
    if ([clientPort, peerPort].some((port) => taken.has(port) || listening.has(port))) continue;
    return { clientPort, peerPort };
  }
  return void 0;
}
var SshTarget = class {
  constructor(spec, state, deps) {
    this.spec = spec;
    this.state = state;
    this.deps = deps;
  }
  spec;
  state;
  deps;
  kind = "ssh";
  /**
   * Pausing and adding members work on every host; cutting links needs iptables or nft on each
   * (found by preflight: before it, or for a state recorded without it, `isolate` probes the hosts).
   */
  get faults() {
    const missing = this.state.hosts.map((host) => ({ host, facts: this.state.facts?.[hostKey(host)] })).filter(({ facts }) => facts !== void 0 && "reason" in facts.firewall);
    return {
      pause: { supported: true },
      isolate: missing.length === 0 ? { supported: true } : { supported: false, reason: noFirewall(missing.map(({ host, facts }) => [host, facts])) },
      add: { supported: true }
    };
  }
  /** The host of a member of the spec (by its place in the spec) or of one beyond it (by its address). */
  hostOf(member) {
    const index = this.spec.members.findIndex((candidate) => candidate.name === member.name);
    const host = index >= 0 ? this.state.hosts[index] : this.state.hosts.find((candidate) => candidate.host === member.address);
    if (!host) throw new Error(`no host for member ${member.name} (${member.address})`);
    return host;
  }
  isSpecMember(member) {
    return this.spec.members.some((candidate) => candidate.name === member.name);
  }
  /** The spec's members and those beyond it that this target placed. */
  allMembers() {
    return [...this.spec.members, ...Object.values(this.state.spare ?? {})];
  }
  /** Records a member beyond the spec's before anything of it exists, so teardown finds it even if this process dies. */
  async recordSpare(member) {
    if (this.isSpecMember(member)) return;
    this.state.spare = { ...this.state.spare, [member.name]: member };
    await this.deps.onChange?.();
  }
  destination(host) {
    return ["-p", String(host.port), `${host.user}@${host.host}`];
  }
  sshOptions(master = "no") {
    return [
      "-F",
      "/dev/null",
      "-i",
      this.state.keyFile,
      "-o",
      "IdentitiesOnly=yes",
      "-o",
      "BatchMode=yes",
      "-o",
      "StrictHostKeyChecking=yes",
      "-o",
      `UserKnownHostsFile=${this.state.knownHostsFile}`,
      "-o",
      "GlobalKnownHostsFile=/dev/null",
      "-o",
      "ConnectTimeout=10",
      "-o",
      "ServerAliveInterval=5",
      "-o",
      "ServerAliveCountMax=3",
      "-o",
      "LogLevel=ERROR",
      // Commands share the master connection while it runs and connect on their own otherwise.
      ...this.state.controlDir ? ["-o", `ControlMaster=${master}`, "-o", `ControlPath=${this.state.controlDir}/%C`] : []
    ];
  }
  /**
   * Starts one master connection per host (a process of this target's, so it ends by PID), and waits
   * a bounded time for its socket. A host it cannot reach is reported by the probe that follows.
   */
  async startMasters() {
    const dir = this.state.controlDir;
    this.state.masters ??= {};
    const masters = this.state.masters;
    await Promise.all(
      this.state.hosts.map(async (host, index) => {
        if (masters[host.host] && isRunning(masters[host.host])) return;
        const args = [...this.sshOptions("yes"), "-N", ...this.destination(host)];
        masters[host.host] = await this.deps.runner.startDetached(
          "ssh",
          args,
          path6.join(dir, `master-${index + 1}.log`)
        );
      })
    );
    await this.deps.onChange?.();
    const check = (host) => this.deps.runner.pipe("ssh", [...this.sshOptions(), "-O", "check", ...this.destination(host)], void 0, 5e3);
    await pollUntil(
      async () => {
        if (this.state.hosts.some((host) => !isRunning(masters[host.host]))) return true;
        return (await Promise.all(this.state.hosts.map(check))).every((result) => result.code === 0) ? true : void 0;
      },
      { what: "the ssh master connections", timeoutMs: MASTER_WAIT_MS, intervalMs: 100, clock: this.deps.clock }
    ).catch(() => void 0);
  }
  /** Ends the master connections, by PID; returns what it could not end. */
  async endMasters() {
    const problems = [];
    await Promise.all(
      Object.entries(this.state.masters ?? {}).map(
        ([host, handle]) => endProcess(handle, "SIGTERM", {
          graceMs: 1e3,
          killWaitMs: 1e3,
          clock: this.deps.clock,
          what: `the ssh master connection to ${host}`
        }).catch((error) => problems.push(errorMessage(error)))
      )
    );
    delete this.state.masters;
    return problems;
  }
  /** Runs a shell script on a host as root (through `sudo -n` for another user). */
  async remote(host, script, options = {}) {
    const command = `${host.user === "root" ? "" : "sudo -n "}sh -c ${shellQuote(`${PROCESS_FUNCTIONS}
${script}`)}`;
    const result = await this.deps.runner.pipe(
      "ssh",
      [...this.sshOptions(), ...this.destination(host), command],
      options.input,
      options.timeoutMs ?? COMMAND_TIMEOUT_MS
    );
    return { code: result.code, stdout: result.stdout.toString("utf8"), stderr: result.stderr };
  }
  async remoteOk(host, script, what, options = {}) {
    const result = await this.remote(host, script, options);
    if (result.code !== 0) {
      const why = result.stderr.trim() || `exit ${result.code}`;
      const hint = /host key verification failed|no matching host key|REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(why) ? " (the host key is not in known-hosts)" : /permission denied/i.test(why) ? " (ssh-key is not accepted for this user)" : /password is required/i.test(why) ? " (this user needs passwordless sudo)" : "";
      throw new Error(`${what} on ${host.user}@${host.host}:${host.port} failed${hint}: ${why}`);
    }
    return result.stdout;
  }
  /**
   * Probes every host (architecture, systemd, tar, and the firewall tool `isolate` needs), then copies
   * binary, certificates, config (and unit) to each, all hosts at once.
   */
  async preflight() {
    this.state.controlDir ??= await mkdtemp(path6.join(tmpdir(), "etcd-ha-ssh-"));
    await this.startMasters();
    const arch = ARCH[process.arch] ?? process.arch;
    const binary = await readFile6(this.state.etcdBinary);
    await Promise.all(
      this.spec.members.map(async (member) => {
        const host = this.hostOf(member);
        const probe = await this.remoteOk(
          host,
          `uname -m; if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then echo systemd; else echo process; fi
command -v tar >/dev/null 2>&1 || echo no-tar
${FIREWALL_PROBE}`,
          "probing the host",
          { timeoutMs: 3e4 }
        ).catch((error) => {
          throw new ConfigurationError(`hosts: ${errorMessage(error)}`);
        });
        const [remoteArch, supervisor, ...rest] = probe.trim().split("\n");
        if (remoteArch !== arch) {
          throw new ConfigurationError(
            `hosts: ${host.host} is ${remoteArch}; allowed: hosts of this runner's architecture (${arch}), which the etcd binary is built for`
          );
        }
        if (rest.includes("no-tar"))
          throw new ConfigurationError(`hosts: ${host.host} has no tar, which copying the member's files needs`);
        const facts = {
          supervisor: supervisor === "systemd" ? "systemd" : "process",
          firewall: parseFirewallProbe(probe) ?? { reason: "the probe of its firewall tools said nothing" }
        };
        this.state.facts = { ...this.state.facts, [hostKey(host)]: facts };
        await this.install(member, host, facts.supervisor, binary, { dataDir: true });
      })
    );
    this.deps.logger.info(
      `installed ${this.spec.members.length} members: ${this.spec.members.map((m) => `${m.name} on ${m.address} (${this.state.members[m.name].supervisor})`).join(", ")}`
    );
  }
  /**
   * Makes the member's folder on its host with its files (and `extra` ones), and its unit; with
   * `dataDir`, an empty data dir too (a restore makes its own, and refuses one that exists).
   */
  async install(member, host, supervisor, binary, options) {
    const { dir, unit } = remoteNames(this.spec, member);
    const remoteMember = memberOnHost(this.spec, member);
    const files = [
      { name: "etcd", mode: 448, data: binary },
      { name: "etcd.conf.yml", mode: 384, data: Buffer.from(etcdConfigYaml(this.spec, remoteMember)) },
      { name: "pki/ca.crt", mode: 420, data: await readFile6(member.pki.caCert) },
      { name: "pki/server.crt", mode: 420, data: await readFile6(member.pki.serverCert) },
      { name: "pki/server.key", mode: 384, data: await readFile6(member.pki.serverKey) },
      { name: "pki/peer.crt", mode: 420, data: await readFile6(member.pki.peerCert) },
      { name: "pki/peer.key", mode: 384, data: await readFile6(member.pki.peerKey) },
      ...supervisor === "systemd" ? [{ name: "etcd.service", mode: 420, data: Buffer.from(systemdUnit(this.spec, member, dir)) }] : [],
      ...options.extra ?? []
    ];
    this.state.members[member.name] = { dir, supervisor, ...supervisor === "systemd" ? { unit } : {} };
    await this.deps.onChange?.();
    const [qDir, qUnitFile] = [shellQuote(dir), shellQuote(`/etc/systemd/system/${unit}`)];
    const installUnit = supervisor === "systemd" ? `if [ -e ${qUnitFile} ]; then echo "unit "${shellQuote(unit)}" exists already" >&2; exit 4; fi
cp ${qDir}/etcd.service ${qUnitFile} && systemctl daemon-reload` : "";
    const makeDataDir = options.dataDir ? `mkdir -m 700 ${qDir}/data || exit 5
` : "";
    const result = await this.remote(
      host,
      `umask 077
if ! mkdir -m 700 ${qDir} 2>/dev/null; then echo ${qDir}" exists already or cannot be made" >&2; exit 3; fi
${makeDataDir}tar -x -f - -C ${qDir} || exit 5
${installUnit}`,
      { input: tarArchive(files), timeoutMs: UPLOAD_TIMEOUT_MS }
    );
    if (result.code === 3) delete this.state.members[member.name];
    if (result.code === 4) delete this.state.members[member.name].unit;
    if (result.code !== 0) {
      await this.deps.onChange?.();
      throw new Error(
        `installing ${member.name} in ${dir} on ${host.host} failed: ${result.stderr.trim() || `exit ${result.code}`}`
      );
    }
  }
  /** How the host runs members: as preflight found, else as its member of the spec was installed. */
  supervisorOn(host) {
    const found = this.state.facts?.[hostKey(host)]?.supervisor;
    if (found) return found;
    const index = this.state.hosts.findIndex((candidate) => hostKey(candidate) === hostKey(host));
    return this.state.members[this.spec.members[index]?.name ?? ""]?.supervisor ?? "process";
  }
  /** Starts a member; one beyond the spec's is recorded and installed on its host first (unless a restore did). */
  async start(member) {
    const host = this.hostOf(member);
    if (!this.isSpecMember(member) && !this.state.members[member.name]) {
      await this.recordSpare(member);
      const binary = await readFile6(this.state.etcdBinary);
      await this.install(member, host, this.supervisorOn(host), binary, { dataDir: true });
    }
    const installed = this.state.members[member.name];
    if (!installed) throw new Error(`${member.name} is not installed on ${host.host}`);
    if (installed.supervisor === "systemd") {
      const unit = shellQuote(installed.unit ?? "");
      await this.remoteOk(
        host,
        `systemctl reset-failed ${unit} 2>/dev/null; systemctl start --no-block ${unit}`,
        `starting ${member.name}`
      );
      return;
    }
    if (installed.process && await this.isRunning(member))
      throw new Error(`${member.name} is already running on ${host.host} (PID ${installed.process.pid})`);
    const dir = shellQuote(installed.dir);
    const out = await this.remoteOk(
      host,
      `cd ${dir} || exit 1
if command -v setsid >/dev/null 2>&1; then run=setsid; else run=; fi
$run ${dir}/${shellQuote(this.binaryName(member))} --config-file=${dir}/etcd.conf.yml >>${dir}/etcd.log 2>&1 </dev/null &
pid=$!
s=$(cat /proc/$pid/stat) || exit 1
set -- \${s##*) }
echo "$pid \${20}"`,
      `starting ${member.name}`
    );
    const [pid, startTime] = out.trim().split(" ");
    installed.process = { pid: Number(pid), startTime };
    await this.deps.onChange?.();
    this.deps.logger.debug(`started ${member.name} on ${host.host} as PID ${pid}`);
  }
  async stop(member) {
    await this.end(member, false);
  }
  /** The name of the etcd binary the member runs in its folder: `etcd`, or `etcd-VERSION` once moved to another release. */
  binaryName(member) {
    const release = this.releaseOf(member);
    return release ? `etcd-${release.to}` : "etcd";
  }
  /** Copies the other release's binary into every member's folder (as `etcd-VERSION`), all hosts at once. */
  async prepareRelease(from, source) {
    if (!source.binaries)
      throw new Error("the ssh target copies another etcd binary of this machine to the hosts; none was given");
    const { version, etcd } = source.binaries;
    if (!/^[0-9A-Za-z.+-]+$/.test(version))
      throw new Error(`the etcd at ${etcd} reports the version '${version}', which is no release`);
    const binary = await readFile6(etcd);
    await Promise.all(
      this.spec.members.map(async (member) => {
        const installed = this.state.members[member.name];
        if (!installed) throw new Error(`${member.name} is not installed on its host`);
        const target = shellQuote(`${installed.dir}/etcd-${version}`);
        await this.remoteOk(
          this.hostOf(member),
          `umask 077
cat > ${target}.part && chmod 700 ${target}.part && mv ${target}.part ${target}`,
          `copying etcd ${version} to ${member.name}'s folder`,
          { input: binary, timeoutMs: UPLOAD_TIMEOUT_MS }
        );
      })
    );
    this.state.release = { from, to: version, runs: etcd, moved: [] };
    await this.deps.onChange?.();
    return version;
  }
  /**
   * Stops the member, writes its etcd.conf.yml for the other release (and, on systemd, switches its
   * unit's ExecStart to that release's binary and reloads systemd), then starts it.
   */
  async moveMember(member, release) {
    const move = this.state.release;
    if (!move) throw new Error(`no other release was prepared to move ${member.name} to`);
    const installed = this.state.members[member.name];
    if (!installed) throw new Error(`${member.name} is not installed on its host`);
    await this.stop(member);
    recordMove(move, member, release);
    await this.deps.onChange?.();
    const dir = installed.dir;
    const files = [
      {
        name: "etcd.conf.yml",
        mode: 384,
        data: Buffer.from(
          etcdConfigYaml(this.spec, memberOnHost(this.spec, member), writtenFor(this.releaseOf(member)))
        )
      },
      ...installed.unit ? [
        {
          name: "etcd.service",
          mode: 420,
          data: Buffer.from(systemdUnit(this.spec, member, dir, this.binaryName(member)))
        }
      ] : []
    ];
    const switchUnit = installed.unit ? `
cp ${shellQuote(dir)}/etcd.service ${shellQuote(`/etc/systemd/system/${installed.unit}`)} && systemctl daemon-reload` : "";
    await this.remoteOk(
      this.hostOf(member),
      `umask 077
tar -x -f - -C ${shellQuote(dir)} || exit 5${switchUnit}`,
      `switching ${member.name} to etcd ${release === "to" ? move.to : move.from}`,
      { input: tarArchive(files) }
    );
    await this.start(member);
  }
  releaseOf(member) {
    return memberRelease(this.state.release, member);
  }
  async kill(member) {
    await this.end(member, true);
  }
  async end(member, kill) {
    const installed = this.state.members[member.name];
    if (!installed) return;
    const host = this.hostOf(member);
    if (installed.supervisor === "systemd") {
      if (!installed.unit) return;
      const unit = shellQuote(installed.unit);
      await this.remoteOk(
        host,
        kill ? `systemctl kill --signal=SIGKILL ${unit} 2>/dev/null; until_not unit_up ${unit}` : `systemctl stop ${unit}`,
        `${kill ? "killing" : "stopping"} ${member.name}`
      );
      return;
    }
    const handle = installed.process;
    if (!handle) return;
    const [pid, startTime] = [shellQuote(String(handle.pid)), shellQuote(handle.startTime ?? "")];
    await this.remoteOk(
      host,
      `alive ${pid} ${startTime} || exit 0
kill -CONT ${pid}
kill -${kill ? "KILL" : "TERM"} ${pid}
until_not alive ${pid} ${startTime} && exit 0
kill -KILL ${pid} 2>/dev/null; until_not alive ${pid} ${startTime}`,
      `${kill ? "killing" : "stopping"} ${member.name} (PID ${handle.pid})`,
      { timeoutMs: 4e4 }
    );
    delete installed.process;
    await this.deps.onChange?.();
  }
  async restart(member) {
    await this.stop(member);
    await this.start(member);
  }
  /** SIGSTOP to the member's etcd (through systemd for a unit, by the recorded PID otherwise). */
  async pause(member) {
    await this.signal(member, "STOP", "pausing");
  }
  /** SIGCONT to the member's etcd; harmless for one that runs. */
  async resume(member) {
    await this.signal(member, "CONT", "resuming");
  }
  /**
   * Rejects the peer connections between each member of `members` and each of `from` with rules on
   * the host of each member of `members` (iptables, else nft; see cutScript), in a chain or table
   * named from the run id. The host is recorded before its rules are made, so `heal`, teardown and
   * `down` remove them.
   */
  async isolate(members, from) {
    const byHost = /* @__PURE__ */ new Map();
    for (const member of members) {
      const others = from.filter((other) => other.name !== member.name);
      if (others.length === 0) continue;
      const host = this.hostOf(member);
      const group = byHost.get(hostKey(host)) ?? { host, cuts: [], names: [] };
      group.names.push(member.name);
      group.cuts.push(...others.map((other) => ({ local: peerEnd(member), remote: peerEnd(other) })));
      byHost.set(hostKey(host), group);
    }
    const groups = [...byHost.values()];
    const tools = await Promise.all(groups.map(({ host }) => this.firewallOf(host)));
    this.state.cut = [.../* @__PURE__ */ new Set([...this.state.cut ?? [], ...byHost.keys()])];
    await this.deps.onChange?.();
    await Promise.all(
      groups.map(
        ({ host, cuts, names }, index) => this.remoteOk(
          host,
          cutScript(tools[index], this.spec.runId, cuts),
          `cutting the peer links of ${names.join(", ")} with ${tools[index]}`
        )
      )
    );
    this.deps.logger.debug(
      `cut the peer links ${groups.flatMap(({ names }) => names).join(", ")} | ${from.map((m) => m.name).join(", ")}`
    );
  }
  /** Removes the run's rules from every host `isolate` cut links on. */
  async heal() {
    const problems = await this.removeRules();
    if (problems.length > 0) throw new Error(`healing the cut peer links failed: ${problems.join("; ")}`);
  }
  /** The host's firewall tool (probed now where preflight did not), or FaultUnsupportedError saying why there is none. */
  async firewallOf(host) {
    let facts = this.state.facts?.[hostKey(host)];
    if (!facts) {
      const probe = await this.remoteOk(host, FIREWALL_PROBE, "probing the firewall tools", { timeoutMs: 3e4 });
      facts = {
        supervisor: this.supervisorOn(host),
        firewall: parseFirewallProbe(probe) ?? { reason: "the probe of its firewall tools said nothing" }
      };
      this.state.facts = { ...this.state.facts, [hostKey(host)]: facts };
      await this.deps.onChange?.();
    }
    if ("reason" in facts.firewall) throw new FaultUnsupportedError("isolate", noFirewall([[host, facts]]));
    return facts.firewall.tool;
  }
  /** Removes the run's rules from the hosts recorded as cut, all at once, forgetting each cleared; returns what failed. */
  async removeRules() {
    const keys = new Set(this.state.cut ?? []);
    if (keys.size === 0) return [];
    const hosts = [...new Map(this.state.hosts.map((host) => [hostKey(host), host])).values()].filter(
      (host) => keys.has(hostKey(host))
    );
    const problems = [];
    const cleared = /* @__PURE__ */ new Set();
    await Promise.all(
      hosts.map(async (host) => {
        const firewall = this.state.facts?.[hostKey(host)]?.firewall;
        if (firewall && "tool" in firewall) {
          try {
            await this.remoteOk(
              host,
              removeRulesScript(firewall.tool, this.spec.runId),
              `removing the rules that cut peer links (${firewall.tool})`
            );
          } catch (error) {
            problems.push(errorMessage(error));
            return;
          }
        }
        cleared.add(hostKey(host));
      })
    );
    this.state.cut = [...keys].filter((key) => !cleared.has(key));
    await this.deps.onChange?.();
    return problems;
  }
  /**
   * Places on the hosts in turn (the first on the first member's host, ...), each at the ports of the
   * host's member plus SPARE_PORT_STEP (twice that, ... where those are taken or something listens
   * there), so a member beyond the spec's runs beside the host's own.
   */
  async sparePlaces(count) {
    const homes = this.spec.members.map((member, index) => ({ member, host: this.state.hosts[index] }));
    if (homes.some(({ host }) => !host)) throw new Error("the ssh target has fewer hosts than members");
    const listening = /* @__PURE__ */ new Map();
    const places = [];
    for (let index = 0; index < count; index++) {
      const { member, host } = homes[index % homes.length];
      if (!listening.has(hostKey(host)))
        listening.set(
          hostKey(host),
          this.remoteOk(host, "cat /proc/net/tcp /proc/net/tcp6 2>/dev/null; true", "listing its listening ports").then(
            listeningPorts
          )
        );
      const taken = new Set(
        [...this.allMembers().map(placeOf), ...places].filter((place) => place.address === host.host).flatMap((place) => [place.clientPort, place.peerPort])
      );
      const base = placeOf(member);
      const ports = sparePorts(base, taken, await listening.get(hostKey(host)));
      if (!ports)
        throw new Error(
          `${host.host} has no free pair of ports ${base.clientPort}+${SPARE_PORT_STEP}n and ${base.peerPort}+${SPARE_PORT_STEP}n (n up to ${SPARE_PORT_TRIES}) for a member beyond the spec's`
        );
      places.push({ address: host.host, ...ports });
    }
    return places;
  }
  /**
   * Copies the snapshot and etcd's restore tool (etcdutl from 3.5, etcdctl before; the one beside the
   * etcd binary) into the member's folder on its host, restores there into its data dir, and removes
   * both again.
   */
  async restoreSnapshot(member, snapshotFile) {
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster; a snapshot is restored only into a member beyond it`);
    const tool = await restoreTool(this.state.etcdBinary);
    const toolName = path6.basename(tool);
    const host = this.hostOf(member);
    const [binary, toolBinary, snapshot] = await Promise.all(
      [this.state.etcdBinary, tool, snapshotFile].map((file) => readFile6(file))
    );
    await this.recordSpare(member);
    await this.install(member, host, this.supervisorOn(host), binary, {
      dataDir: false,
      extra: [
        { name: toolName, mode: 448, data: toolBinary },
        { name: "snapshot.db", mode: 384, data: snapshot }
      ]
    });
    const { dir } = remoteNames(this.spec, member);
    const remoteMember = memberOnHost(this.spec, member);
    const command = [
      `${dir}/${toolName}`,
      ...snapshotRestoreArgs(remoteMember, `${dir}/snapshot.db`, remoteMember.dataDir)
    ];
    await this.remoteOk(
      host,
      `cd ${shellQuote(dir)} || exit 1
ETCDCTL_API=3 ${command.map(shellQuote).join(" ")}
rc=$?
rm -f ${shellQuote(`${dir}/snapshot.db`)} ${shellQuote(`${dir}/${toolName}`)}
exit $rc`,
      `restoring the snapshot for ${member.name} with ${toolName}`,
      { timeoutMs: RESTORE_TIMEOUT_MS3 }
    );
    return `${command.join(" ")} (on ${host.host})`;
  }
  /** Ends a member beyond the spec's, removes its unit and folder from its host, and forgets it. */
  async discard(member) {
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster's spec; only members beyond it are discarded`);
    await this.remove(member, false);
    if (this.state.spare?.[member.name]) {
      delete this.state.spare[member.name];
      await this.deps.onChange?.();
    }
  }
  /** Kills a member and, unless keepData, removes its unit and folder and forgets it. */
  async remove(member, keepData) {
    const installed = this.state.members[member.name];
    if (!installed) return;
    await this.kill(member);
    if (keepData) return;
    const unit = installed.unit;
    await this.remoteOk(
      this.hostOf(member),
      (unit ? `systemctl reset-failed ${shellQuote(unit)} 2>/dev/null; rm -f ${shellQuote(`/etc/systemd/system/${unit}`)}; systemctl daemon-reload
` : "") + `rm -rf ${shellQuote(installed.dir)}`,
      `removing ${member.name}`
    );
    delete this.state.members[member.name];
    await this.deps.onChange?.();
  }
  async signal(member, signal, what) {
    const installed = this.state.members[member.name];
    if (!installed) return;
    const host = this.hostOf(member);
    if (installed.supervisor === "systemd") {
      if (!installed.unit) return;
      const unit = shellQuote(installed.unit);
      await this.remoteOk(
        host,
        `unit_up ${unit} || exit 0
systemctl kill --signal=SIG${signal} ${unit}`,
        `${what} ${member.name}`
      );
      return;
    }
    const handle = installed.process;
    if (!handle) return;
    const pid = shellQuote(String(handle.pid));
    await this.remoteOk(
      host,
      `alive ${pid} ${shellQuote(handle.startTime ?? "")} || exit 0
kill -${signal} ${pid}`,
      `${what} ${member.name} (PID ${handle.pid})`
    );
  }
  async isRunning(member) {
    const installed = this.state.members[member.name];
    if (!installed) return false;
    if (installed.supervisor === "systemd") {
      return installed.unit !== void 0 && (await this.remote(this.hostOf(member), `unit_up ${shellQuote(installed.unit)}`)).code === 0;
    }
    const handle = installed.process;
    return handle !== void 0 && (await this.remote(
      this.hostOf(member),
      `alive ${shellQuote(String(handle.pid))} ${shellQuote(handle.startTime ?? "")}`
    )).code === 0;
  }
  async logs(member, tailLines) {
    const installed = this.state.members[member.name];
    if (!installed) return "";
    const lines = tailLines === void 0 ? "" : `-n ${shellQuote(String(tailLines))}`;
    const log = shellQuote(`${installed.dir}/etcd.log`);
    const script = installed.supervisor === "systemd" ? `journalctl -u ${shellQuote(installed.unit ?? "")} --no-pager -o cat ${lines}` : tailLines === void 0 ? `cat ${log}` : `tail ${lines} ${log}`;
    const result = await this.remote(this.hostOf(member), `${script} 2>/dev/null`, { timeoutMs: 3e4 });
    return result.stdout;
  }
  /**
   * Removes the run's rules from the hosts it cut links on; ends every member (those beyond the
   * spec's too) and, unless keepData, removes the unit and the member's folder on each host, all
   * hosts at once. Then closes the ssh connections and removes local files this target wrote.
   */
  async destroy(options) {
    const problems = (await this.removeRules()).map((problem) => `rules: ${problem}`);
    await Promise.all(
      this.allMembers().map(async (member) => {
        try {
          await this.remove(member, options.keepData);
        } catch (error) {
          problems.push(`${member.name}: ${errorMessage(error)}`);
        }
      })
    );
    for (const name of Object.keys(this.state.spare ?? {})) {
      if (!this.state.members[name]) delete this.state.spare?.[name];
    }
    problems.push(...await this.endMasters());
    if (this.state.controlDir) {
      await rm3(this.state.controlDir, { recursive: true, force: true }).catch(
        (error) => problems.push(`${this.state.controlDir}: ${errorMessage(error)}`)
      );
      delete this.state.controlDir;
    }
    for (const file of this.state.localFiles ?? []) {
      await rm3(file, { force: true }).catch((error) => problems.push(`${file}: ${errorMessage(error)}`));
    }
    this.state.localFiles = [];
    await this.deps.onChange?.().catch((error) => problems.push(`state: ${errorMessage(error)}`));
    return problems;
  }
};
function placeOf(member) {
  return { address: member.address, clientPort: portOf(member.clientUrl), peerPort: portOf(member.peerUrl) };
}
function peerEnd(member) {
  return { address: member.address, peerPort: portOf(member.peerUrl) };
}
function noFirewall(hosts) {
  const why = hosts.map(
    ([host, facts]) => `${host.host} has none that works (${"reason" in facts.firewall ? facts.firewall.reason : ""})`
  );
  return `the ssh target cuts peer links with iptables or nft on each host, and ${why.join("; ")}`;
}
async function restoreTool(etcdBinary) {
  const dir = path6.dirname(etcdBinary);
  const tools = [path6.join(dir, "etcdutl"), path6.join(dir, "etcdctl")];
  for (const tool of tools) {
    if (await access3(tool, constants2.X_OK).then(
      () => true,
      () => false
    ))
      return tool;
  }
  throw new Error(`neither ${tools.join(" nor ")} can be run, so no snapshot can be restored`);
}

// src/targets/ssh/entry.ts
var SSH_TARGET = {
  summary: "one remote host per member; etcd as a systemd unit where the host runs systemd",
  addressesNamed: "the hosts",
  docs: {
    baseAddress: "not taken",
    config: "each member runs on the host its URLs name ({hosts} must be those hosts)"
  },
  ownOptions: ["hosts", "ssh-key", "known-hosts"],
  secretOptions: ["ssh-key"],
  parseOptions: (read, access4) => parseSshOptions(read, access4),
  addressing: (options) => ({
    refused: ["member-list", "base-address"].map((name) => ({
      name,
      allowed: "nothing when target is ssh (the members are the hosts)"
    })),
    implied: {
      list: options.hosts.map((host, index) => ({ name: `etcd-${index + 1}`, address: host.host })),
      option: "hosts"
    },
    ...LOOPBACK_BASE
  }),
  // On the hosts where their URLs say, with every address as written.
  placeConfig: (options, members, { label }) => [
    membersOnHosts(
      members,
      options.hosts.map((host) => host.host),
      label
    ),
    { addresses: options.hosts.map((host) => host.host), urlsAsWritten: true }
  ],
  // The key and known_hosts are files for the CLI.
  accessFiles: (options) => [
    { option: "ssh-key", file: options.sshKey },
    { option: "known-hosts", file: options.knownHosts }
  ],
  writeInputFiles: (options, stateDir, mask) => writeSshInputs(options, stateDir, mask),
  ownedFiles: (options) => options.ownedFiles ?? [],
  stateDirEntries: [SSH_INPUTS_DIR],
  runsLocalBinary: true,
  // Asking ssh hosts would take a connection to each; the state file lists them.
  countsRunningMembers: false,
  record: (options, placement) => ({
    hosts: options.hosts,
    keyFile: path7.resolve(options.sshKey),
    knownHostsFile: path7.resolve(options.knownHosts),
    etcdBinary: localBinary("ssh", placement.binaries),
    members: {},
    localFiles: options.ownedFiles ?? []
  }),
  create: (spec, state, deps) => new SshTarget(spec, state, deps),
  specAsRun: (spec) => spec,
  asRun: (member) => member,
  // etcd.conf.yml on the hosts.
  runConfig: (spec, member) => ({ file: "etcd.conf.yml", text: etcdConfigYaml(spec, memberOnHost(spec, member)) }),
  etcdVersion: () => void 0
};

// src/targets/registry.ts
var TARGETS = {
  local: LOCAL_TARGET,
  container: CONTAINER_TARGET,
  ssh: SSH_TARGET
};
function targetEntry(kind) {
  return TARGETS[kind];
}
function stateOf(states, kind) {
  return states[kind];
}
function recordTarget(states, options, placement) {
  const recorded = {
    [options.kind]: stateOf(states, options.kind) ?? targetEntry(options.kind).record(options, placement)
  };
  Object.assign(states, recorded);
}
function prepareTarget(options, etcdVersion, deps) {
  targetEntry(options.kind).prepare?.(options, etcdVersion, deps);
}
function recordedTarget(states, spec, deps) {
  const kind = recordedKind(states);
  return kind === void 0 ? void 0 : createTarget(states, kind, spec, deps);
}
function createTarget(states, kind, spec, deps) {
  return targetEntry(kind).create(spec, stateOf(states, kind), deps);
}
function memberAsRunBy(states) {
  const kind = recordedKind(states);
  return kind === void 0 ? (member) => member : targetEntry(kind).asRun;
}
function targetEtcdVersion(states) {
  for (const kind of TARGET_KINDS) {
    const version = versionOf(states, kind);
    if (version !== void 0) return version;
  }
  return void 0;
}
function versionOf(states, kind) {
  const state = stateOf(states, kind);
  return state === void 0 ? void 0 : targetEntry(kind).etcdVersion(state);
}
function parseTargetOptions(kind, read, access4) {
  return targetEntry(kind).parseOptions(read, access4);
}
function targetAddressing(options) {
  return targetEntry(options.kind).addressing(options);
}
function placeConfig(options, members, context) {
  return targetEntry(options.kind).placeConfig(options, members, context);
}
function targetAccessFiles(options) {
  return targetEntry(options.kind).accessFiles?.(options) ?? [];
}
async function writeTargetInputFiles(options, stateDir, mask) {
  const write = targetEntry(options.kind).writeInputFiles;
  return write ? write(options, stateDir, mask) : options;
}
function targetOwnedFiles(options) {
  return targetEntry(options.kind).ownedFiles?.(options);
}
function targetStateDirEntries() {
  return TARGET_KINDS.flatMap((kind) => TARGETS[kind].stateDirEntries ?? []);
}
function countsRunningMembers(kind) {
  return TARGETS[kind].countsRunningMembers;
}
function specAsRunBy(states, spec) {
  const kind = recordedKind(states);
  return kind === void 0 ? spec : specAsRunOf(states, kind, spec);
}
function specAsRunOf(states, kind, spec) {
  return targetEntry(kind).specAsRun(spec, stateOf(states, kind));
}
function memberRunConfigsBy(states, spec) {
  const configs = {};
  const kind = recordedKind(states);
  if (kind === void 0) return configs;
  const asRun = specAsRunOf(states, kind, spec);
  for (const member of asRun.members) configs[member.name] = targetEntry(kind).runConfig(asRun, member);
  return configs;
}

export {
  collectStatus,
  agreedLeader,
  leaderOf,
  statusWithAgreedLeader,
  waitForApplied,
  waitForHealthyCluster,
  startCluster,
  parseEtcdVersion,
  isAtLeast,
  RENAMED_IN_3_6,
  FEATURE_GATE_FLAGS,
  FEATURE_GATES_3_6,
  flagInfo,
  knownFlags,
  flagOfYamlKey,
  yamlKeyStatus,
  knownYamlKeys,
  envOfFlag,
  nearest,
  settingOf,
  findingAt,
  ALL_RELEASES,
  report,
  refuses,
  written,
  readsYaml,
  isFlag,
  defaultOf,
  valueOf,
  isTrue,
  anchorOf,
  flagValueError,
  appliedMember,
  isTemplated,
  UPGRADE_RULES,
  upgradeSteps,
  upgradeRuleFindings,
  upgradeOrder,
  findDowngradeRefusal,
  upgradePath,
  clusterVersionReached,
  translateFlags,
  FaultUnsupportedError,
  unsupportedFault,
  parseEtcdUrl,
  parseUrlList,
  parseInitialCluster,
  isIpLiteral,
  normalizeUrl,
  isLoopback,
  parsedOccurrences,
  invalidUrl,
  listenUrlNotIp,
  advertiseUrlWithoutHost,
  usesDiscovery,
  invalidInitialCluster,
  advertiseClientUrlsMissing,
  clientUrlListedTwice,
  urlHiddenParts,
  BOOT_RULES,
  bootRefusals,
  configuredSpareMember,
  configMapping,
  configFiles,
  clusterSpecFromConfig,
  SnapshotHash,
  require_dist,
  memberSettings,
  tarArchive,
  TARGETS,
  targetEntry,
  recordTarget,
  prepareTarget,
  recordedTarget,
  memberAsRunBy,
  targetEtcdVersion,
  parseTargetOptions,
  targetAddressing,
  placeConfig,
  targetAccessFiles,
  writeTargetInputFiles,
  targetOwnedFiles,
  targetStateDirEntries,
  countsRunningMembers,
  specAsRunBy,
  memberRunConfigsBy
};
