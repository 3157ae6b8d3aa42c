import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  checkHistory
} from "./chunk-YYLDVE6W.js";
import {
  DEFAULT_KEY_ALGORITHM,
  DEFAULT_TARGET_KIND,
  KEY_ALGORITHMS,
  KEY_PARAMETERS,
  PollTimeoutError,
  SPARE_DIR,
  TARGET_KINDS,
  describeKeyType,
  endProcess,
  flagLabel,
  initialClusterOf,
  isRunning,
  isStopped,
  keyAlgorithmOf,
  makeDirs,
  memberAddress,
  memberPkiPaths,
  pkiPaths,
  placeOnAddress,
  pollUntil,
  recordedKind,
  relocatedMember,
  roundMs,
  shellQuote,
  signalProcess,
  spareMember,
  stateFilePath,
  withPeerProxies,
  writeFileNoFollow
} from "./chunk-MPNMEBN2.js";
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
    var isMap4 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === MAP;
    var isPair2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === PAIR;
    var isScalar5 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SCALAR;
    var isSeq5 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SEQ;
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
    var hasAnchor = (node) => (isScalar5(node) || isCollection(node)) && !!node.anchor;
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
    exports.isMap = isMap4;
    exports.isNode = isNode;
    exports.isPair = isPair2;
    exports.isScalar = isScalar5;
    exports.isSeq = isSeq5;
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
    function visit_(key, node, visitor, path13) {
      const ctrl = callVisitor(key, node, visitor, path13);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path13, ctrl);
        return visit_(key, ctrl, visitor, path13);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path13 = Object.freeze(path13.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = visit_(i, node.items[i], visitor, path13);
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
          path13 = Object.freeze(path13.concat(node));
          const ck = visit_("key", node.key, visitor, path13);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = visit_("value", node.value, visitor, path13);
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
    async function visitAsync_(key, node, visitor, path13) {
      const ctrl = await callVisitor(key, node, visitor, path13);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path13, ctrl);
        return visitAsync_(key, ctrl, visitor, path13);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path13 = Object.freeze(path13.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = await visitAsync_(i, node.items[i], visitor, path13);
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
          path13 = Object.freeze(path13.concat(node));
          const ck = await visitAsync_("key", node.key, visitor, path13);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = await visitAsync_("value", node.value, visitor, path13);
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
    function callVisitor(key, node, visitor, path13) {
      if (typeof visitor === "function")
        return visitor(key, node, path13);
      if (identity.isMap(node))
        return visitor.Map?.(key, node, path13);
      if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path13);
      if (identity.isPair(node))
        return visitor.Pair?.(key, node, path13);
      if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path13);
      if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path13);
      return void 0;
    }
    function replaceNode(key, path13, node) {
      const parent = path13[path13.length - 1];
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
          for (const { count: count2, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count2);
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
        let count2 = 0;
        for (const item of node.items) {
          const c = getAliasCount(doc, item, anchors2);
          if (c > count2)
            count2 = c;
        }
        return count2;
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
    function collectionFromPath(schema, path13, value) {
      let v = value;
      for (let i = path13.length - 1; i >= 0; --i) {
        const k = path13[i];
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
    var isEmptyPath = (path13) => path13 == null || typeof path13 === "object" && !!path13[Symbol.iterator]().next().done;
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
      addIn(path13, value) {
        if (isEmptyPath(path13))
          this.add(value);
        else {
          const [key, ...rest] = path13;
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
      deleteIn(path13) {
        const [key, ...rest] = path13;
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
      getIn(path13, keepScalar) {
        const [key, ...rest] = path13;
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
      hasIn(path13) {
        const [key, ...rest] = path13;
        if (rest.length === 0)
          return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path13, value) {
        const [key, ...rest] = path13;
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
      const sign2 = str[0];
      if (sign2 === "-" || sign2 === "+")
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
        return sign2 === "-" ? BigInt(-1) * n2 : n2;
      }
      const n = parseInt(str, radix);
      return sign2 === "-" ? -1 * n : n;
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
    function parseSexagesimal(str, asBigInt2) {
      const sign2 = str[0];
      const parts = sign2 === "-" || sign2 === "+" ? str.substring(1) : str;
      const num = (n) => asBigInt2 ? BigInt(n) : Number(n);
      const res = parts.replace(/_/g, "").split(":").reduce((res2, p) => res2 * num(60) + num(p), num(0));
      return sign2 === "-" ? num(-1) * res : res;
    }
    function stringifySexagesimal(node) {
      let { value } = node;
      let num = (n) => n;
      if (typeof value === "bigint")
        num = (n) => BigInt(n);
      else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
      let sign2 = "";
      if (value < 0) {
        sign2 = "-";
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
      return sign2 + parts.map((n) => String(n).padStart(2, "0")).join(":").replace(/000000\d*$/, "");
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
      addIn(path13, value) {
        if (assertCollection(this.contents))
          this.contents.addIn(path13, value);
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
      deleteIn(path13) {
        if (Collection.isEmptyPath(path13)) {
          if (this.contents == null)
            return false;
          this.contents = null;
          return true;
        }
        return assertCollection(this.contents) ? this.contents.deleteIn(path13) : false;
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
      getIn(path13, keepScalar) {
        if (Collection.isEmptyPath(path13))
          return !keepScalar && identity.isScalar(this.contents) ? this.contents.value : this.contents;
        return identity.isCollection(this.contents) ? this.contents.getIn(path13, keepScalar) : void 0;
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
      hasIn(path13) {
        if (Collection.isEmptyPath(path13))
          return this.contents !== void 0;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path13) : false;
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
      setIn(path13, value) {
        if (Collection.isEmptyPath(path13)) {
          this.contents = value;
        } else if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, Array.from(path13), value);
        } else if (assertCollection(this.contents)) {
          this.contents.setIn(path13, value);
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
          for (const { count: count2, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count2);
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
        let count2 = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
          count2 = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = " ".repeat(ci) + "^".repeat(count2);
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
      const isMap4 = fc.start.source === "{";
      const fcName = isMap4 ? "flow map" : "flow sequence";
      const NodeClass = tag?.nodeClass ?? (isMap4 ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq);
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
          if (!isMap4 && ctx.options.strict && utilContainsNewline.containsNewline(key))
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
        if (!isMap4 && !sep && !props.found) {
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
            if (!isMap4 && !props.found && ctx.options.strict) {
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
          if (isMap4) {
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
      const expectedEnd = isMap4 ? "}" : "]";
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
    visit.itemAtPath = (cst, path13) => {
      let item = cst;
      for (const [field, index] of path13) {
        const tok = item?.[field];
        if (tok && "items" in tok) {
          item = tok.items[index];
        } else
          return void 0;
      }
      return item;
    };
    visit.parentCollection = (cst, path13) => {
      const parent = visit.itemAtPath(cst, path13.slice(0, -1));
      const field = path13[path13.length - 1][0];
      const coll = parent?.[field];
      if (coll && "items" in coll)
        return coll;
      throw new Error("Parent collection not found");
    };
    function _visit(path13, item, visitor) {
      let ctrl = visitor(item, path13);
      if (typeof ctrl === "symbol")
        return ctrl;
      for (const field of ["key", "value"]) {
        const token = item[field];
        if (token && "items" in token) {
          for (let i = 0; i < token.items.length; ++i) {
            const ci = _visit(Object.freeze(path13.concat([[field, i]])), token.items[i], visitor);
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
            ctrl = ctrl(item, path13);
        }
      }
      return typeof ctrl === "function" ? ctrl(item, path13) : ctrl;
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
    var isScalar5 = (token) => !!token && (token.type === "scalar" || token.type === "single-quoted-scalar" || token.type === "double-quoted-scalar" || token.type === "block-scalar");
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
    exports.isScalar = isScalar5;
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
              const fs3 = this.flowScalar(this.type);
              if (atNextItem || it.value) {
                map.items.push({ start, key: fs3, sep: [] });
                this.onKeyLine = true;
              } else if (it.sep) {
                this.stack.push(fs3);
              } else {
                Object.assign(it, { key: fs3, sep: [] });
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
              const fs3 = this.flowScalar(this.type);
              if (!it || it.value)
                fc.items.push({ start: [], key: fs3, sep: [] });
              else if (it.sep)
                this.stack.push(fs3);
              else
                Object.assign(it, { key: fs3, sep: [] });
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
    function parseAllDocuments2(source, options = {}) {
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
    exports.parseAllDocuments = parseAllDocuments2;
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

// src/lint/readers/reader-rules.ts
var READER_RULE_IDS = {
  parse: "ETCD-PARSE",
  skipped: "ETCD-SKIPPED",
  unresolvedInclude: "ETCD-UNRESOLVED-INCLUDE",
  release: "ETCD-RELEASE"
};
var READER_RULES = [
  {
    id: READER_RULE_IDS.parse,
    severity: "error",
    name: "does-not-parse",
    etcdDoes: "A configuration that does not parse does not start etcd as written: etcd, kubeadm or systemd refuse the file, or systemd reads a unit line differently (a comment after a continuation backslash ends the line; a flag line without the backslash before it is ignored), and etcd exits on arguments that are no flags.",
    fix: "Fix the syntax at the position given: YAML indentation and quotes, a backslash as the very last character of each continued unit line with comments on lines of their own, `--flag=true` for boolean flags."
  },
  {
    id: READER_RULE_IDS.skipped,
    severity: "notice",
    name: "file-skipped",
    etcdDoes: "Nothing: the file is binary, over 1 MiB, cannot be read, or is a symbolic link leading out of the scanned folder, so the linter does not read it.",
    fix: "Lint the configuration file itself, or the folder its link points into."
  },
  {
    id: READER_RULE_IDS.unresolvedInclude,
    severity: "warning",
    name: "include-not-found",
    etcdDoes: "etcd gets the settings of an `EnvironmentFile=` or `--config-file` that is not among the scanned files; they are not linted, and with `--config-file` etcd ignores every other flag and ETCD_* variable.",
    fix: "Add the file to the scanned paths: in the unit\u2019s own folder, or as the one scanned file whose path ends like the one named (`cfg/etcd.conf` for `/opt/etcd/cfg/etcd.conf`); several candidates are only noted, with their names."
  },
  {
    id: READER_RULE_IDS.release,
    severity: "notice",
    name: "release-not-known",
    etcdDoes: "Nothing: the etcd version given is outside the releases the rules know (3.4, 3.5, 3.6), so the rules of the nearest one are applied; flags that release added, deprecated or removed are not judged.",
    fix: "Lint for a release the rules know (`--etcd-version 3.6.16`), or read that release\u2019s CHANGELOG for what changed."
  }
];

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
  const path13 = afterAuthority.split(/[?#]/)[0];
  if (path13 !== "") return { error: `URL must not contain a path: ${text}` };
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
  const [, , authority, path13, query, fragment] = match;
  const parts = [];
  const at2 = authority.lastIndexOf("@");
  if (at2 >= 0) parts.push(`a login part (${authority.slice(0, at2 + 1)})`);
  if (path13 !== "") parts.push(`a path (${path13})`);
  if (query !== void 0) parts.push(`a query (${query})`);
  if (fragment !== void 0) parts.push(`a fragment (${fragment})`);
  return parts;
}
function hiddenUrlPartsMessage(written2, url) {
  const parts = hiddenUrlParts(url);
  if (parts.length === 0) return void 0;
  const authority = /^[a-z]+:\/\/([^/?#]*)/i.exec(url.trim())?.[1] ?? "";
  const at2 = authority.lastIndexOf("@");
  const used = at2 >= 0 ? `Go's URL parser takes the host after the last '@', so etcd binds or advertises ${authority.slice(at2 + 1)}, not the address written first` : `etcd uses only ${authority}`;
  return `${written2} holds '${url.trim()}', which has ${parts.join(", ")}; ${used}. Write it as scheme://host:port only.`;
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
  const skipped2 = ETCD_MINORS.slice(ETCD_MINORS.indexOf(from.minor) + 1, ETCD_MINORS.indexOf(to.minor));
  if (skipped2.length > 0)
    found.push(
      report(
        rules.skipsMinor,
        anchor,
        `${way}: the upgrade skips ${skipped2.join(" and ")}; etcd upgrades one minor at a time (${[from.minor, ...skipped2, to.minor].join(" \u2192 ")}), so member ${member.name} must run ${skipped2.map((minor) => `${minor}.${REQUIRED_BEFORE_NEXT[minor] ?? "x"} or later`).join(", then ")} first.`
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

// src/lint/rules/bootstrap.ts
function bootstrapOf(member, { version }) {
  if (usesDiscovery(member)) return void 0;
  const state = valueOf(member, "initial-cluster-state", version) ?? "new";
  const name = valueOf(member, "name", version) ?? "default";
  const setting = settingOf(member, "initial-cluster");
  const advertised = settingOf(member, "initial-advertise-peer-urls");
  if ([setting, advertised, settingOf(member, "name")].some((written2) => written2 && isTemplated(written2.value)))
    return void 0;
  if (setting) {
    const parsed = parseInitialCluster(setting.value);
    return parsed.error ? void 0 : { setting, entries: parsed.entries, state, name };
  }
  if (name !== "default") return void 0;
  return { entries: [{ name: "default", url: "http://localhost:2380" }], state, name };
}
function advertisedPeerUrls(member, context) {
  const value = valueOf(member, "initial-advertise-peer-urls", context.version);
  const parsed = parseUrlList(value);
  return parsed.error ? void 0 : parsed.urls;
}
var urlString = (url) => `${url.scheme}://${url.host}`;
function mayMatch(a, b) {
  if (a.scheme !== b.scheme || a.port !== b.port) return false;
  return a.hostname.toLowerCase() === b.hostname.toLowerCase() || !isIpLiteral(a.hostname) || !isIpLiteral(b.hostname);
}
var nameNotInInitialCluster = {
  info: {
    id: "ETCD-201",
    severity: "error",
    name: "name-not-in-initial-cluster",
    etcdDoes: "Refuses to start (at its first start): the member\u2019s name must be one of the names in initial-cluster.",
    fix: "List the member in initial-cluster under the same name it has in name (names are case-sensitive)."
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const bootstrap = bootstrapOf(member, context);
    if (!bootstrap || bootstrap.entries.some((entry) => entry.name === bootstrap.name)) return [];
    const at2 = bootstrap.setting ?? anchorOf(member, "name");
    const names = [...new Set(bootstrap.entries.map((entry) => entry.name))].join(", ");
    const listed2 = names === "" ? "no member" : names;
    const etcdMessage = `couldn't find local name ${JSON.stringify(bootstrap.name)} in the initial cluster configuration`;
    const what = bootstrap.setting ? written(bootstrap.setting) : "The default initial-cluster";
    return [
      report(
        this.info,
        at2,
        `${what} lists ${listed2} but not this member\u2019s name ${bootstrap.name}; ${refuses(etcdMessage)}.`,
        true
      )
    ];
  }
};
var advertisePeerUrlsMismatch = {
  info: {
    id: "ETCD-202",
    severity: "error",
    name: "advertise-peer-urls-mismatch",
    etcdDoes: "Refuses to start a new cluster when the member\u2019s initial-cluster entry and its initial-advertise-peer-urls differ (compared after DNS resolution).",
    fix: "Make the member\u2019s entry in initial-cluster the same URLs as its initial-advertise-peer-urls."
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const bootstrap = bootstrapOf(member, context);
    const advertised = advertisedPeerUrls(member, context);
    if (!bootstrap || bootstrap.state !== "new" || !advertised) return [];
    const own = bootstrap.entries.filter((entry) => entry.name === bootstrap.name).flatMap((entry) => parseUrlList(entry.url).urls);
    if (own.length === 0) return [];
    const missingFromAdvertised = own.filter((url) => !advertised.some((other) => mayMatch(url, other)));
    const missingFromCluster = advertised.filter((url) => !own.some((other) => mayMatch(url, other)));
    if (missingFromAdvertised.length === 0 && missingFromCluster.length === 0) return [];
    const apText = advertised.map(urlString).sort().join(",");
    const etcdMessage = missingFromAdvertised.length > 0 ? `--initial-cluster has ${missingFromAdvertised.map((url) => `${bootstrap.name}=${urlString(url)}`).join(",")} but missing from --initial-advertise-peer-urls=${apText}` : `--initial-advertise-peer-urls has ${missingFromCluster.map(urlString).join(",")} but missing from --initial-cluster=${advertised.map((url) => `${bootstrap.name}=${urlString(url)}`).sort().join(",")}`;
    const apSetting = settingOf(member, "initial-advertise-peer-urls");
    const at2 = bootstrap.setting ?? apSetting ?? anchorOf(member, "name");
    const apWritten = apSetting ? written(apSetting) : "the default initial-advertise-peer-urls http://localhost:2380";
    const clusterWritten = bootstrap.setting ? `its entry in ${written(bootstrap.setting)}` : "the default initial-cluster default=http://localhost:2380";
    return [
      report(this.info, at2, `${bootstrap.name}: ${clusterWritten} is not ${apWritten}; ${refuses(etcdMessage)}.`, true)
    ];
  }
};
var duplicateInitialClusterUrl = {
  info: {
    id: "ETCD-203",
    severity: "error",
    name: "duplicate-initial-cluster-url",
    etcdDoes: "Refuses to start (at its first start) when one URL appears twice in initial-cluster.",
    fix: "Give every member its own peer URL in initial-cluster."
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const bootstrap = bootstrapOf(member, context);
    if (!bootstrap?.setting) return [];
    const urls = bootstrap.entries.map((entry) => urlString(parseUrlList(entry.url).urls[0]));
    const duplicate = urls.find((url, index) => urls.indexOf(url) !== index);
    if (!duplicate) return [];
    const mapText = bootstrap.entries.map((entry, index) => `${entry.name}=${urls[index]}`).sort().join(",");
    const etcdMessage = `initial cluster ${mapText} has duplicate url`;
    return [
      report(
        this.info,
        bootstrap.setting,
        `${written(bootstrap.setting)} lists ${duplicate} twice; ${refuses(etcdMessage)}.`,
        true
      )
    ];
  }
};

// src/lint/clusters.ts
import path from "node:path";
function normalizedInitialCluster(member) {
  const setting = settingOf(member, "initial-cluster");
  if (!setting || setting.value.trim() === "") return void 0;
  const { entries, error } = parseInitialCluster(setting.value);
  if (error || entries.length === 0) return void 0;
  return entries.map((entry) => `${entry.name}=${normalizeUrl(entry.url)}`).sort().join(",");
}
function peerUrlsNamed(member) {
  const urls = /* @__PURE__ */ new Set();
  const cluster = settingOf(member, "initial-cluster");
  if (cluster) for (const entry of parseInitialCluster(cluster.value).entries) urls.add(normalizeUrl(entry.url));
  const advertised = settingOf(member, "initial-advertise-peer-urls");
  if (advertised) for (const url of parseUrlList(advertised.value).urls) urls.add(normalizeUrl(url.text));
  return urls;
}
function distinctMembersOf(a, b) {
  if (a.name === b.name) return false;
  const names = new Set(
    parseInitialCluster(settingOf(a, "initial-cluster")?.value ?? "").entries.map((entry) => entry.name)
  );
  return names.has(a.name) && names.has(b.name);
}
function groupClusters(members) {
  const parent = members.map((_, index) => index);
  const find = (index) => parent[index] === index ? index : parent[index] = find(parent[index]);
  const union = (a, b) => {
    const [rootA, rootB] = [find(a), find(b)];
    if (rootA !== rootB) parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  };
  const clusters = members.map(normalizedInitialCluster);
  const peerUrls = members.map(peerUrlsNamed);
  const folders = members.map((member) => path.dirname(member.file));
  for (let a = 0; a < members.length; a++) {
    for (let b = a + 1; b < members.length; b++) {
      const sameCluster = clusters[a] !== void 0 && clusters[a] === clusters[b] && (folders[a] === folders[b] || distinctMembersOf(members[a], members[b]));
      const sharePeer = folders[a] === folders[b] && [...peerUrls[a]].some((url) => peerUrls[b].has(url));
      if (sameCluster || sharePeer) union(a, b);
    }
  }
  const byRoot = /* @__PURE__ */ new Map();
  members.forEach((member, index) => byRoot.set(find(index), [...byRoot.get(find(index)) ?? [], member]));
  const groups = [];
  const used = /* @__PURE__ */ new Map();
  for (const [root, grouped] of byRoot) {
    const shared = clusters[root];
    const allShare = shared !== void 0 && grouped.every((member) => normalizedInitialCluster(member) === shared);
    const folder = [...new Set(grouped.map((member) => path.dirname(member.file)))].join(", ");
    let key = allShare ? `initial-cluster ${shared}` : `folder ${folder}`;
    const seen = used.get(key) ?? 0;
    used.set(key, seen + 1);
    if (seen > 0) key = `${key} #${seen + 1}`;
    groups.push({ key, members: grouped });
  }
  return groups;
}

// src/lint/rules/cluster.ts
var describe = (member) => `${member.name} (${member.file})`;
function bootstrappingTogether(group, { version }) {
  return group.members.filter(
    (member) => valueOf(member, "initial-cluster-state", version) === "new" && !usesDiscovery(member) && !isTemplated(settingOf(member, "initial-cluster")?.value ?? "")
  );
}
var initialClusterDisagreement = {
  info: {
    id: "ETCD-204",
    severity: "error",
    name: "initial-cluster-disagreement",
    etcdDoes: 'Members derive the cluster ID from initial-cluster: members that list different ones never form one cluster (peers reject each other: "request cluster ID mismatch").',
    fix: "Give every member of the cluster the same initial-cluster, character for character in names and URLs."
  },
  group(group, context) {
    const members = bootstrappingTogether(group, context).filter(
      (member) => normalizedInitialCluster(member) !== void 0
    );
    const distinct = new Set(members.map(normalizedInitialCluster));
    if (distinct.size < 2) return [];
    return members.flatMap((member) => {
      const own = normalizedInitialCluster(member);
      const other = members.find((candidate) => normalizedInitialCluster(candidate) !== own);
      const setting = settingOf(member, "initial-cluster");
      const otherSetting = settingOf(other, "initial-cluster");
      const message = `${written(setting)} differs from the initial-cluster of ${describe(other)}, ${otherSetting.value}: members that bootstrap with different initial-cluster values get different cluster IDs and do not form one cluster.`;
      return [report(this.info, setting, message, true)];
    });
  }
};
var clusterTokenMismatch = {
  info: {
    id: "ETCD-205",
    severity: "error",
    name: "cluster-token-mismatch",
    etcdDoes: "Nothing at startup: the token goes into the member and cluster IDs, so members with different initial-cluster-token values silently form separate clusters.",
    fix: "Give every member of the cluster the same initial-cluster-token (and a token no other cluster uses)."
  },
  group(group, context) {
    const members = bootstrappingTogether(group, context);
    const tokenOf = (member) => valueOf(member, "initial-cluster-token", context.version);
    if (new Set(members.map(tokenOf)).size < 2) return [];
    return members.map((member) => {
      const other = members.find((candidate) => tokenOf(candidate) !== tokenOf(member));
      const setting = settingOf(member, "initial-cluster-token");
      const own = setting ? written(setting) : `initial-cluster-token (not set: etcd uses ${tokenOf(member)})`;
      const message = `${own} differs from ${tokenOf(other)} of ${describe(other)}: etcd does not check this, the members silently form separate clusters.`;
      return report(this.info, setting ?? anchorOf(member, "initial-cluster"), message, setting !== void 0);
    });
  }
};
var duplicateMemberName = {
  info: {
    id: "ETCD-206",
    severity: "error",
    name: "duplicate-member-name",
    etcdDoes: "Two members with one name are one entry of initial-cluster: the second cannot bootstrap or join (name or peer URLs do not match).",
    fix: "Give every member its own name, and list each under it in initial-cluster."
  },
  group(group) {
    return group.members.flatMap((member) => {
      if (isTemplated(member.name)) return [];
      const other = group.members.find((candidate) => candidate !== member && candidate.name === member.name);
      if (!other) return [];
      const setting = settingOf(member, "name");
      const message = `${setting ? written(setting) : "name (not set: etcd uses default)"}: ${describe(other)} has the same name, so the two members cannot both be in the cluster.`;
      return [report(this.info, setting ?? anchorOf(member), message, setting !== void 0)];
    });
  }
};
function claimedAddresses(member) {
  const claimed = /* @__PURE__ */ new Map();
  for (const name of [
    "initial-advertise-peer-urls",
    "advertise-client-urls",
    "listen-peer-urls",
    "listen-client-urls"
  ]) {
    const setting = settingOf(member, name);
    if (!setting) continue;
    if (isTemplated(setting.value)) continue;
    for (const url of parseUrlList(setting.value).urls) {
      const unspecified = url.hostname === "0.0.0.0" || url.hostname === "::" || url.hostname === "" || url.hostname === "localhost" || url.hostname.startsWith("127.");
      const key = normalizeUrl(url.text);
      if (name.startsWith("listen") && unspecified || claimed.has(key)) continue;
      claimed.set(key, { name });
    }
  }
  return claimed;
}
var duplicateMemberAddress = {
  info: {
    id: "ETCD-207",
    severity: "error",
    name: "duplicate-member-address",
    etcdDoes: "Two members cannot listen on or advertise one address: the second cannot bind it, or peers and clients reach the wrong member.",
    fix: "Give every member its own IP address or port in its listen and advertise URLs."
  },
  group(group) {
    const findings = [];
    for (const member of group.members) {
      const claimed = claimedAddresses(member);
      for (const other of group.members) {
        if (other === member) continue;
        const otherClaimed = claimedAddresses(other);
        const shared = [...claimed.keys()].find((url) => otherClaimed.has(url));
        if (!shared) continue;
        const setting = settingOf(member, claimed.get(shared).name);
        findings.push(
          report(
            this.info,
            setting,
            `${written(setting)}: ${shared} is also used by ${describe(other)}; each member needs its own address.`,
            true
          )
        );
        break;
      }
    }
    return findings;
  }
};
function memberCount(group) {
  const names = /* @__PURE__ */ new Set();
  for (const member of group.members) {
    const cluster = settingOf(member, "initial-cluster");
    if (cluster) for (const entry of parseInitialCluster(cluster.value).entries) names.add(entry.name);
  }
  return Math.max(names.size, group.members.length);
}
var evenMemberCount = {
  info: {
    id: "ETCD-208",
    severity: "warning",
    name: "even-member-count",
    etcdDoes: "Runs, but an even number of members tolerates no more failures than one member fewer (4 members: quorum 3, one may fail), with more members to fail.",
    fix: "Run an odd number of members: 3 (one may fail) or 5 (two may fail)."
  },
  group(group) {
    const count2 = memberCount(group);
    if (count2 < 2 || count2 % 2 !== 0) return [];
    return group.members.map((member) => {
      const setting = settingOf(member, "initial-cluster");
      const message = `${setting ? written(setting) : "The cluster"} has ${count2} members: quorum is ${count2 / 2 + 1}, so it survives ${count2 / 2 - 1} failure${count2 / 2 - 1 === 1 ? "" : "s"}, as ${count2 - 1} members would; etcd advises an odd count.`;
      return report(this.info, setting ?? anchorOf(member), message);
    });
  }
};
var mixedClusterState = {
  info: {
    id: "ETCD-209",
    severity: "notice",
    name: "mixed-cluster-state",
    etcdDoes: "A member with initial-cluster-state existing joins a running cluster (after etcdctl member add); members that bootstrap together must all say new, or the existing ones wait for a cluster that never forms.",
    fix: "Use new on every member of a first bootstrap; existing only for a member added to a running cluster."
  },
  group(group, { version }) {
    const stateOf2 = (member) => valueOf(member, "initial-cluster-state", version);
    const newMember = group.members.find((member) => stateOf2(member) === "new");
    if (!newMember) return [];
    return group.members.flatMap((member) => {
      const setting = settingOf(member, "initial-cluster-state");
      if (!setting || setting.value !== "existing") return [];
      const message = `${written(setting)} while ${describe(newMember)} bootstraps with new: right for a member added to a running cluster with etcdctl member add, wrong if they bootstrap together.`;
      return [report(this.info, setting, message, true)];
    });
  }
};
var initialClusterNames = {
  info: {
    id: "ETCD-210",
    severity: "warning",
    name: "initial-cluster-names",
    etcdDoes: "Takes every initial-cluster entry as written: a name listed twice becomes one member with two peer URLs, and a space around a name becomes part of it, so the member of that name does not find itself and refuses to start.",
    fix: "List each member once, as name=URL, with no spaces around the commas."
  },
  member(member) {
    const setting = settingOf(member, "initial-cluster");
    if (!setting || isTemplated(setting.value) || usesDiscovery(member)) return [];
    const { entries, error } = parseInitialCluster(setting.value);
    if (error) return [];
    const problems = [];
    const padded = entries.filter((entry) => entry.name !== entry.name.trim()).map((entry) => JSON.stringify(entry.name));
    if (padded.length > 0)
      problems.push(
        `the name${padded.length > 1 ? "s" : ""} ${padded.join(", ")} carr${padded.length > 1 ? "y" : "ies"} spaces, which etcd keeps`
      );
    const seen = /* @__PURE__ */ new Set();
    const twice = [...new Set(entries.map((entry) => entry.name).filter((name) => seen.has(name) || !seen.add(name)))];
    if (twice.length > 0)
      problems.push(
        `${twice.join(", ")} ${twice.length > 1 ? "are" : "is"} listed twice, so etcd makes one member of both URLs`
      );
    if (problems.length === 0) return [];
    return [report(this.info, setting, `${written(setting)}: ${problems.join("; ")}.`, true)];
  }
};

// src/lint/rules/go-values.ts
function goParseBool(value) {
  if (/^(1|t|T|TRUE|true|True)$/.test(value)) return true;
  if (/^(0|f|F|FALSE|false|False)$/.test(value)) return false;
  return void 0;
}
function goParseInteger(value, signed) {
  const match = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]+|0[bB][01_]+|[1-9][0-9]*|0)$/.exec(value);
  if (!match || !signed && match[1] !== "") return void 0;
  const body = match[2].replace(/_/g, "");
  const digits = /^0[0-7]+$/.test(body) ? `0o${body.slice(1)}` : body;
  const magnitude = BigInt(digits);
  return match[1] === "-" ? -magnitude : magnitude;
}
var DURATION_UNITS = {
  ns: 1,
  us: 1e3,
  \u00B5s: 1e3,
  \u03BCs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 6e10,
  h: 36e11
};
function goParseDuration(value) {
  const quoted = JSON.stringify(value);
  let rest = value.replace(/^[-+]/, "");
  const negative = value.startsWith("-");
  if (rest === "0") return { nanoseconds: 0 };
  if (rest === "") return { error: `time: invalid duration ${quoted}` };
  let total = 0;
  while (rest !== "") {
    const number = /^(\d+\.?\d*|\.\d+)/.exec(rest);
    if (!number) return { error: `time: invalid duration ${quoted}` };
    rest = rest.slice(number[0].length);
    const unit = /^[^\d.]*/.exec(rest)[0];
    if (unit === "") return { error: `time: missing unit in duration ${quoted}` };
    if (!(unit in DURATION_UNITS)) return { error: `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}` };
    total += Number(number[0]) * DURATION_UNITS[unit];
    rest = rest.slice(unit.length);
  }
  return { nanoseconds: negative ? -total : total };
}
function yamlBool(value) {
  if (/^(y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(value)) return true;
  if (/^(n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/.test(value)) return false;
  return void 0;
}
function yamlScalarType(value) {
  if (yamlBool(value) !== void 0) return "bool";
  if (/^[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)$/.test(value)) return "integer";
  if (/^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+][0-9]+)?$/.test(value)) return "number";
  return "string";
}

// src/lint/rules/startup-tls.ts
function urlsOf2(member, name, context) {
  const value = valueOf(member, name, context.version);
  if (value === void 0 || value.trim() === "") return [];
  const parsed = parseUrlList(value);
  return parsed.error ? [] : parsed.urls;
}
var isTls = (url) => url.scheme === "https" || url.scheme === "unixs";
function shown(member, names, url) {
  const setting = names.map((name) => settingOf(member, name)).find((candidate) => candidate !== void 0);
  return setting ? written(setting) : `The default URL ${url.text}`;
}
var filled = (setting) => (setting?.value.trim() ?? "") !== "";
function halfPair(rule, cert, key) {
  if (filled(cert) === filled(key)) return [];
  const present = filled(cert) ? cert : key;
  const etcdMessage = `KeyFile and CertFile must both be present[key: ${key?.value ?? ""}, cert: ${cert?.value ?? ""}]`;
  return [
    report(
      rule.info,
      present,
      `${written(present)} is set without its ${filled(cert) ? "key" : "certificate"}; ${refuses(etcdMessage)}.`
    )
  ];
}
var tlsFilesMissing = {
  info: {
    id: "ETCD-111",
    severity: "error",
    name: "tls-files-missing",
    etcdDoes: "Refuses to start: an https listener needs a certificate and its key (client: cert-file/key-file, peer: peer-cert-file/peer-key-file), unless auto TLS makes them.",
    fix: "Set both the certificate and the key for every https listener (for a YAML file: under client-transport-security / peer-transport-security)."
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const findings = [];
    const cert = settingOf(member, "cert-file");
    const key = settingOf(member, "key-file");
    const clientUrls = [
      ...urlsOf2(member, "listen-client-urls", context),
      ...urlsOf2(member, "listen-client-http-urls", context)
    ];
    const clientTls2 = clientUrls.find(isTls);
    if (clientTls2) {
      if (!filled(cert) && !filled(key) && !isTrue(settingOf(member, "auto-tls")?.value)) {
        const at2 = anchorOf(member, "listen-client-urls", "listen-client-http-urls");
        const etcdMessage = `TLS key/cert (--cert-file, --key-file) must be provided for client url ${clientTls2.scheme}://${clientTls2.host} with HTTPS scheme`;
        findings.push(
          report(
            this.info,
            at2,
            `${shown(member, ["listen-client-urls", "listen-client-http-urls"], clientTls2)} is https, but no client certificate and key (cert-file, key-file) are set; ${refuses(etcdMessage)}.`
          )
        );
      } else findings.push(...halfPair(this, cert, key));
    }
    const metricsTls = urlsOf2(member, "listen-metrics-urls", context).find(isTls);
    if (metricsTls && !filled(cert) && !filled(key) && !clientTls2) {
      const at2 = anchorOf(member, "listen-metrics-urls");
      const etcdMessage = context.version.minor === "3.4" ? `cannot listen on TLS for ${metricsTls.host}: KeyFile and CertFile are not presented` : "client TLS key/cert (--cert-file, --key-file) must be provided for metrics secure url";
      findings.push(
        report(
          this.info,
          at2,
          `${shown(member, ["listen-metrics-urls"], metricsTls)} is https, but no client certificate and key (cert-file, key-file) are set; ${refuses(etcdMessage)}.`
        )
      );
    }
    const peerTls2 = urlsOf2(member, "listen-peer-urls", context).find(isTls);
    if (peerTls2) {
      const peerCert = settingOf(member, "peer-cert-file");
      const peerKey = settingOf(member, "peer-key-file");
      if (!filled(peerCert) && !filled(peerKey) && !isTrue(settingOf(member, "peer-auto-tls")?.value)) {
        const at2 = anchorOf(member, "listen-peer-urls");
        const etcdMessage = `cannot listen on TLS for ${peerTls2.host}: KeyFile and CertFile are not presented`;
        findings.push(
          report(
            this.info,
            at2,
            `${shown(member, ["listen-peer-urls"], peerTls2)} is https, but no peer certificate and key (peer-cert-file, peer-key-file) are set; ${refuses(etcdMessage)}.`
          )
        );
      } else findings.push(...halfPair(this, peerCert, peerKey));
    }
    return findings;
  }
};
var CIPHER_SUITES = /* @__PURE__ */ new Set([
  "TLS_AES_128_GCM_SHA256",
  "TLS_AES_256_GCM_SHA384",
  "TLS_CHACHA20_POLY1305_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
  "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
  "TLS_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_AES_256_CBC_SHA",
  "TLS_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_RSA_WITH_RC4_128_SHA",
  "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
  "TLS_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
  "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
  "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
  "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305"
]);
var TLS_VERSIONS = ["", "TLS1.2", "TLS1.3"];
var invalidTlsOptions = {
  info: {
    id: "ETCD-112",
    severity: "error",
    name: "invalid-tls-options",
    etcdDoes: "Refuses to start on a cipher suite Go does not know, a TLS version other than TLS1.2/TLS1.3, a minimum above the maximum, or cipher suites with TLS 1.3 only.",
    fix: "Use Go cipher suite names (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, ...) and tls-min-version/tls-max-version TLS1.2 or TLS1.3; TLS 1.3 suites cannot be chosen."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const findings = [];
    const ciphers = settingOf(member, "cipher-suites");
    const names = (ciphers?.value ?? "").split(",").map((name) => name.trim()).filter((name) => name !== "");
    const unknown = names.find((name) => !CIPHER_SUITES.has(name));
    if (ciphers && unknown) {
      const etcdMessage = `unexpected TLS cipher suite ${JSON.stringify(unknown)}`;
      findings.push(
        report(
          this.info,
          ciphers,
          `${written(ciphers)}: ${unknown} is not a cipher suite Go knows; ${refuses(etcdMessage)}.`,
          true
        )
      );
    }
    if (!flagInfo("tls-min-version", version).known) return findings;
    const min = settingOf(member, "tls-min-version");
    const max = settingOf(member, "tls-max-version");
    for (const setting of [min, max]) {
      if (setting && !TLS_VERSIONS.includes(setting.value)) {
        const etcdMessage = `unexpected TLS version ${JSON.stringify(setting.value)} (must be one of: TLS1.2, TLS1.3)`;
        findings.push(
          report(
            this.info,
            setting,
            `${written(setting)}: etcd takes TLS1.2 or TLS1.3; ${refuses(etcdMessage)}.`,
            true
          )
        );
      }
    }
    if (findings.length > 0) return findings;
    const minVersion = min?.value || "TLS1.2";
    if (min && max && max.value !== "" && minVersion > max.value) {
      const etcdMessage = `min version (${min.value}) is greater than max version (${max.value})`;
      findings.push(report(this.info, min, `${written(min)} is above ${written(max)}; ${refuses(etcdMessage)}.`, true));
    } else if (min && minVersion === "TLS1.3" && ciphers && names.length > 0) {
      findings.push(
        report(
          this.info,
          ciphers,
          `${written(ciphers)} with ${written(min)}: Go does not let TLS 1.3 suites be chosen; ${refuses("cipher suites cannot be configured when only TLS1.3 is enabled")}.`
        )
      );
    }
    return findings;
  }
};

// src/lint/rules/startup-values.ts
function specOf(setting, version) {
  if (setting.source === "config-file") return flagOfYamlKey(setting.key, version);
  const status = flagInfo(setting.name, version);
  return status.known ? status.spec : void 0;
}
var JUDGED_ELSEWHERE = /* @__PURE__ */ new Set(["initial-cluster-state"]);
function commandLineError(setting, spec) {
  const value = setting.value.trim();
  if (setting.source === "env" && value === "") return void 0;
  switch (spec.kind) {
    case "bool":
      return goParseBool(value) === void 0 ? flagValueError(setting, "parse error", true) : void 0;
    case "uint":
    case "int": {
      const parsed = goParseInteger(value, spec.kind === "int");
      if (parsed === void 0) return flagValueError(setting, "parse error");
      const limit = spec.kind === "int" ? 2n ** 63n : 2n ** 64n;
      return parsed >= limit || parsed < -limit ? flagValueError(setting, "value out of range") : void 0;
    }
    case "duration":
      return "error" in goParseDuration(value) ? flagValueError(setting, "parse error") : void 0;
    case "enum":
      return spec.values.includes(value) ? void 0 : flagValueError(setting, "invalid value");
    default:
      return void 0;
  }
}
function yamlError(setting, spec) {
  const value = setting.value.trim();
  if (value === "" || value === "null" || value === "~") return void 0;
  const field = setting.key.includes(".") ? `securityConfig.${setting.key.toLowerCase()}` : `configYAML.${setting.key.toLowerCase()}`;
  const unmarshal = (what) => `json: cannot unmarshal ${what} into Go struct field ${field}`;
  const yamlType = setting.yamlType;
  if (yamlType === "map") return unmarshal("object");
  const type = yamlType === "boolean" ? "bool" : yamlType === "number" ? /^[-+]?\d+$/.test(value) ? "integer" : "number" : yamlType === "string" ? "string" : yamlScalarType(value);
  if (yamlType === "list") return yamlListField(spec.name) ? void 0 : unmarshal("array");
  if (spec.kind === "list" && yamlListField(spec.name))
    return yamlType === "string" || yamlType === "number" || yamlType === "boolean" ? unmarshal(yamlType === "boolean" ? "bool" : yamlType) : void 0;
  if (yamlType && (spec.kind === "string" || spec.kind === "urls" || spec.kind === "list" || spec.kind === "enum")) {
    return yamlType === "string" ? void 0 : unmarshal(yamlType === "boolean" ? "bool" : "number");
  }
  switch (spec.kind) {
    case "bool":
      if (yamlType) return yamlType === "boolean" ? void 0 : unmarshal(yamlType === "string" ? "string" : "number");
      return yamlBool(value) === void 0 ? unmarshal(type === "string" ? "string" : "number") : void 0;
    case "uint":
    case "int":
    case "duration":
      if (type === "string" || type === "bool") return unmarshal(type);
      if (type === "number" || spec.kind === "uint" && value.startsWith("-")) return unmarshal(`number ${value}`);
      return void 0;
    case "enum":
      if (setting.name !== "discovery-fallback" && setting.name !== "proxy") return void 0;
      return spec.values.includes(value) ? void 0 : `unexpected error setting up ${setting.name === "proxy" ? "proxyFlag" : "discovery-fallback flag"}: invalid value`;
    default:
      return void 0;
  }
}
function yamlListField(name) {
  return [
    "cipher-suites",
    "log-outputs",
    "log-output",
    "client-cert-allowed-hostname",
    "peer-cert-allowed-cn",
    "peer-cert-allowed-hostname",
    "discovery-endpoints"
  ].includes(name);
}
function rangeError(member, setting, context) {
  const { version } = context;
  const duration = goParseDuration(setting.value.trim());
  const nanoseconds = "nanoseconds" in duration ? duration.nanoseconds : Number(setting.value);
  switch (setting.name) {
    case "experimental-compact-hash-check-time":
    case "compact-hash-check-time":
      if (!Number.isNaN(nanoseconds) && nanoseconds <= 0 && (version.minor !== "3.5" || version.patch >= 5))
        return `--${setting.name} must be >0 (set to ${setting.value})`;
      return void 0;
    case "experimental-distributed-tracing-sampling-rate":
    case "distributed-tracing-sampling-rate": {
      const tracing = isTrue(settingOf(member, "experimental-enable-distributed-tracing")?.value) || isTrue(settingOf(member, "enable-distributed-tracing")?.value);
      const rate = Number(setting.value);
      if (!tracing || Number.isNaN(rate)) return void 0;
      if (rate < 0) return "distributed tracing configurition is not valid: (tracing sampling rate must be positive)";
      if (rate > 1e6)
        return "distributed tracing configurition is not valid: (tracing sampling rate must be less than 1000000)";
      return void 0;
    }
    case "auth-token": {
      const type = setting.value.split(",")[0].trim();
      return ["simple", "jwt", ""].includes(type) ? void 0 : "auth: invalid auth options";
    }
    default:
      return void 0;
  }
}
var invalidValue = {
  info: {
    id: "ETCD-114",
    severity: "error",
    name: "invalid-value",
    etcdDoes: "Refuses to start on a value it cannot read for the setting\u2019s type (flags and ETCD_*: Go syntax such as 100 or 5s; YAML: numbers and booleans, durations in nanoseconds) or outside its range.",
    fix: "Write the value as the setting\u2019s type: a whole number for milliseconds and bytes, true/false, a Go duration (5s) on the command line or nanoseconds in the YAML."
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const findings = [];
    const settings = [...member.settings, ...(member.ignoredSettings ?? []).filter(isFlag)];
    for (const setting of settings) {
      const spec = specOf(setting, context.version);
      if (!spec || JUDGED_ELSEWHERE.has(spec.name)) continue;
      const typeError = setting.source === "config-file" ? yamlError(setting, spec) : commandLineError(setting, spec);
      if (typeError) {
        const message = `${written(setting)} is not a value etcd reads for ${spec.name} (${describe2(spec, setting)}); ${refuses(typeError)}.`;
        findings.push(report(this.info, setting, message, true));
        continue;
      }
      const outOfRange = rangeError(member, setting, context);
      if (outOfRange)
        findings.push(
          report(this.info, setting, `${written(setting)} is a value etcd rejects; ${refuses(outOfRange)}.`, true)
        );
    }
    return findings;
  }
};
function describe2(spec, setting) {
  const yaml = setting.source === "config-file";
  switch (spec.kind) {
    case "bool":
      return "true or false";
    case "uint":
      return yaml ? "a whole number, without quotes" : "a whole number";
    case "int":
      return yaml ? "an integer, without quotes" : "an integer";
    case "duration":
      return yaml ? "a whole number of nanoseconds in the YAML" : "a Go duration such as 500ms or 5s";
    case "enum":
      return `one of ${spec.values.join(", ")}`;
    default:
      if (yaml && yamlListField(spec.name)) return "a YAML list such as [a, b]";
      return yaml ? "a string: write it in quotes" : "see etcd --help";
  }
}

// src/lint/rules/operations.ts
var GiB = 1024 ** 3;
var MiB = 1024 ** 2;
function numberOf(setting) {
  if (!setting) return void 0;
  const parsed = goParseInteger(setting.value.trim(), true);
  return parsed === void 0 ? void 0 : Number(parsed);
}
var quotaTooLarge = {
  info: {
    id: "ETCD-501",
    severity: "warning",
    name: "quota-too-large",
    etcdDoes: 'Starts, but warns "quota exceeds the maximum value" above 8 GiB: a larger backend makes defragmentation, snapshots and member recovery slow.',
    fix: "Keep quota-backend-bytes at 8 GiB (8589934592) or less; compact and defragment instead of raising it."
  },
  member(member) {
    const setting = settingOf(member, "quota-backend-bytes");
    const bytes = numberOf(setting);
    if (!setting || bytes === void 0 || bytes <= 8 * GiB) return [];
    return [
      report(
        this.info,
        setting,
        `${written(setting)} is ${(bytes / GiB).toFixed(1)} GiB, above the 8 GiB etcd recommends; etcd warns "quota exceeds the maximum value".`,
        true
      )
    ];
  }
};
var requestTooLarge = {
  info: {
    id: "ETCD-502",
    severity: "warning",
    name: "request-size-too-large",
    etcdDoes: 'Starts, but warns "exceeded recommended request limit" above 10 MiB: large requests block raft and lengthen leader elections.',
    fix: "Keep max-request-bytes at 10 MiB (10485760) or less (default 1.5 MiB)."
  },
  member(member) {
    const setting = settingOf(member, "max-request-bytes");
    const bytes = numberOf(setting);
    if (!setting || bytes === void 0 || bytes <= 10 * MiB) return [];
    return [
      report(
        this.info,
        setting,
        `${written(setting)} is above the 10 MiB etcd recommends; etcd warns "exceeded recommended request limit".`,
        true
      )
    ];
  }
};
var settingIgnored = {
  info: {
    id: "ETCD-503",
    severity: "warning",
    name: "setting-ignored",
    etcdDoes: "Resets or ignores settings that cannot apply: snapshot-count 0 (back to the default), bcrypt-cost outside 4\u201331 (back to 10), certificates and cert auth on http URLs, auto TLS next to certificates.",
    fix: "Drop the setting, or give it a value that applies (https URLs for TLS settings)."
  },
  member(member, context) {
    const findings = [];
    const snapshots = settingOf(member, "snapshot-count");
    if (snapshots && numberOf(snapshots) === 0) {
      findings.push(
        report(
          this.info,
          snapshots,
          `${written(snapshots)}: etcd takes 0 as unset and uses its default instead.`,
          true
        )
      );
    }
    const bcrypt = settingOf(member, "bcrypt-cost");
    const cost = numberOf(bcrypt);
    if (bcrypt && cost !== void 0 && (cost < 4 || cost > 31)) {
      findings.push(
        report(
          this.info,
          bcrypt,
          `${written(bcrypt)}: etcd takes 4 to 31 and uses 10 instead ("Use default bcrypt-cost 10 instead of the invalid value ${cost}").`,
          true
        )
      );
    }
    findings.push(...tlsOnPlainUrls(this, member, context, "client"), ...tlsOnPlainUrls(this, member, context, "peer"));
    return findings;
  }
};
function tlsOnPlainUrls(rule, member, context, side) {
  const prefix = side === "peer" ? "peer-" : "";
  const urls = side === "peer" ? urlsOf2(member, "listen-peer-urls", context) : [...urlsOf2(member, "listen-client-urls", context), ...urlsOf2(member, "listen-client-http-urls", context)];
  const findings = [];
  const certificate = [settingOf(member, `${prefix}cert-file`), settingOf(member, `${prefix}key-file`)].filter(
    (setting) => (setting?.value.trim() ?? "") !== ""
  );
  const auth = settingOf(member, `${prefix}client-cert-auth`);
  const autoTls2 = settingOf(member, `${prefix}auto-tls`);
  if (urls.length > 0 && urls.every((url) => url.scheme === "http" || url.scheme === "unix")) {
    for (const setting of certificate) {
      findings.push(
        report(
          rule.info,
          setting,
          `${written(setting)}: every ${side} URL is http, so etcd ignores it ("scheme is HTTP while key and cert files are present; ignoring key and cert files").`
        )
      );
    }
    if (auth && isTrue(auth.value)) {
      findings.push(
        report(
          rule.info,
          auth,
          `${written(auth)}: every ${side} URL is http, so etcd ignores it and checks no certificates.`
        )
      );
    }
  } else if (autoTls2 && isTrue(autoTls2.value) && certificate.length === 2) {
    findings.push(
      report(
        rule.info,
        autoTls2,
        `${written(autoTls2)}: ${prefix}cert-file and ${prefix}key-file are given, so etcd ignores it ("ignoring ${side} auto TLS since certs given").`
      )
    );
  }
  return findings;
}
var defaultName = {
  info: {
    id: "ETCD-504",
    severity: "warning",
    name: "default-name",
    etcdDoes: `Runs as member "default" (etcd 3.6 warns "it isn't recommended to use default name"): members that all keep it collide when one is added.`,
    fix: "Give every member its own name, the one it has in initial-cluster."
  },
  member(member) {
    const setting = settingOf(member, "name");
    if (member.name !== "default") return [];
    const shown2 = setting ? written(setting) : "name is not set, so etcd uses default";
    return [
      report(
        this.info,
        setting ?? anchorOf(member, "initial-cluster", "data-dir"),
        `${shown2}: etcd advises a name of its own per member ("it isn't recommended to use default name").`,
        setting !== void 0
      )
    ];
  }
};
var advertisesLocalhost = {
  info: {
    id: "ETCD-505",
    severity: "warning",
    name: "default-advertise-client-urls",
    etcdDoes: "Reading a config file with listen-client-urls but no advertise-client-urls, advertises its default http://localhost:2379: clients that sync endpoints connect to themselves.",
    fix: "Set advertise-client-urls to the URLs clients use to reach this member."
  },
  member(member) {
    const listen = settingOf(member, "listen-client-urls");
    if (!readsYaml(member) || !listen || settingOf(member, "advertise-client-urls")) return [];
    return [
      report(
        this.info,
        listen,
        `${written(listen)} without advertise-client-urls: etcd advertises http://localhost:2379 to clients and other members.`
      )
    ];
  }
};
var yamlDurationNanoseconds = {
  info: {
    id: "ETCD-506",
    severity: "warning",
    name: "yaml-duration-in-nanoseconds",
    etcdDoes: "Reads a duration in its config file as a whole number of nanoseconds: 5 is 5 ns, not 5 seconds.",
    fix: "Write the duration in nanoseconds (5 s = 5000000000), or pass it as a flag with a unit (5s)."
  },
  member(member, { version }) {
    return member.settings.flatMap((setting) => {
      if (setting.source !== "config-file" || specOf(setting, version)?.kind !== "duration") return [];
      const value = numberOf(setting);
      if (value === void 0 || value <= 0 || value >= 1e6) return [];
      return [
        report(
          this.info,
          setting,
          `${written(setting)} is ${value} ns (under a millisecond): etcd reads durations in its config file as nanoseconds.`,
          true
        )
      ];
    });
  }
};

// src/lint/rules/security.ts
var insecure = (scheme) => scheme === "http";
function firstPlainUrl(member, names, context) {
  const found = [];
  for (const name of names) {
    if (!name.startsWith("listen") && !settingOf(member, name)) continue;
    for (const url of urlsOf2(member, name, context)) {
      if (insecure(url.scheme))
        found.push({ name, url: url.text, loopback: name.startsWith("listen") && isLoopbackHost(url.hostname) });
    }
  }
  const exposed = found.filter((candidate) => !candidate.loopback);
  const listenOnly = found.filter((candidate) => candidate.loopback);
  const advertisedOnLoopback = exposed.every((candidate) => isLoopbackHost(hostOf(candidate.url)));
  const loopbackOnly = listenOnly.length > 0 && advertisedOnLoopback;
  const pick = loopbackOnly ? listenOnly[0] : exposed[0];
  if (!pick) return void 0;
  const setting = settingOf(member, pick.name);
  return { at: setting ?? anchorOf(member, ...names), setting, url: pick.url, loopbackOnly };
}
var isLoopbackHost = (hostname2) => isLoopback(hostname2.replace(/^\[|\]$/g, ""));
var hostOf = (url) => {
  const parsed = parseEtcdUrl(url);
  return "url" in parsed ? parsed.url.hostname : "";
};
function listensOnLoopbackOnly(member, name, context) {
  const names = name === "listen-client-urls" ? [name, "listen-client-http-urls"] : [name];
  const urls = names.flatMap((each) => urlsOf2(member, each, context)).filter((url) => url.scheme === "http" || url.scheme === "https");
  return urls.length > 0 && urls.every((url) => isLoopbackHost(url.hostname));
}
function exposureFinding(info, at2, message, atValue, loopbackOnly, listener) {
  if (!loopbackOnly) return report(info, at2, message, atValue);
  const note = ` Only this host reaches it: ${listener} binds to loopback alone, so this is a notice, not a warning.`;
  return findingAt(at2, "notice", info.id, `${message}${note}`, atValue);
}
var clientTls = {
  info: {
    id: "ETCD-401",
    severity: "warning",
    name: "client-tls",
    etcdDoes: "Serves clients in clear text on http URLs: anyone on the network reads and alters every key, Kubernetes Secrets included.",
    fix: "Serve clients on https URLs with cert-file and key-file (YAML: client-transport-security).",
    cis: "2.1"
  },
  member(member, context) {
    const plain = firstPlainUrl(member, ["listen-client-urls", "advertise-client-urls"], context);
    if (!plain) return [];
    const shown2 = plain.setting ? written(plain.setting) : `The default client URL ${plain.url}`;
    return [
      exposureFinding(
        this.info,
        plain.at,
        `${shown2}: clients talk to etcd unencrypted (CIS 2.1: serve clients over https with cert-file and key-file).`,
        plain.setting !== void 0,
        plain.loopbackOnly,
        "listen-client-urls"
      )
    ];
  }
};
var clientCertAuth = {
  info: {
    id: "ETCD-402",
    severity: "warning",
    name: "client-cert-auth",
    etcdDoes: "Without client-cert-auth, accepts every client that reaches its port, with no certificate.",
    fix: "Set client-cert-auth to true (YAML: client-transport-security.client-cert-auth) with trusted-ca-file naming the CA of the clients.",
    cis: "2.2"
  },
  member(member, context) {
    const setting = settingOf(member, "client-cert-auth");
    if (isTrue(setting?.value)) return [];
    const shown2 = setting ? written(setting) : "client-cert-auth is not set";
    return [
      exposureFinding(
        this.info,
        setting ?? anchorOf(member, "cert-file", "listen-client-urls"),
        `${shown2}: etcd accepts clients without a certificate (CIS 2.2: client-cert-auth true).`,
        setting !== void 0,
        listensOnLoopbackOnly(member, "listen-client-urls", context),
        "listen-client-urls"
      )
    ];
  }
};
var autoTls = {
  info: {
    id: "ETCD-403",
    severity: "warning",
    name: "client-auto-tls",
    etcdDoes: "With auto-tls, serves clients with a self-signed certificate it makes itself: clients cannot verify they talk to etcd.",
    fix: "Set auto-tls to false and give cert-file and key-file signed by etcd\u2019s CA.",
    cis: "2.3"
  },
  member(member) {
    const setting = settingOf(member, "auto-tls");
    if (!setting || !isTrue(setting.value)) return [];
    return [
      report(
        this.info,
        setting,
        `${written(setting)}: etcd serves clients a self-signed certificate nobody can verify (CIS 2.3: auto-tls not true).`,
        true
      )
    ];
  }
};
var peerTls = {
  info: {
    id: "ETCD-404",
    severity: "warning",
    name: "peer-tls",
    etcdDoes: "Replicates in clear text between members on http peer URLs: anyone on the network reads the data and can pose as a member.",
    fix: "Use https peer URLs with peer-cert-file and peer-key-file (YAML: peer-transport-security).",
    cis: "2.4"
  },
  member(member, context) {
    const plain = firstPlainUrl(member, ["listen-peer-urls", "initial-advertise-peer-urls"], context);
    if (!plain) return [];
    const shown2 = plain.setting ? written(plain.setting) : `The default peer URL ${plain.url}`;
    return [
      exposureFinding(
        this.info,
        plain.at,
        `${shown2}: members replicate unencrypted (CIS 2.4: peer URLs https with peer-cert-file and peer-key-file).`,
        plain.setting !== void 0,
        plain.loopbackOnly,
        "listen-peer-urls"
      )
    ];
  }
};
var peerClientCertAuth = {
  info: {
    id: "ETCD-405",
    severity: "warning",
    name: "peer-client-cert-auth",
    etcdDoes: "Without peer-client-cert-auth, accepts any peer connection, so anyone reaching the peer port can pose as a member.",
    fix: "Set peer-client-cert-auth to true (YAML: peer-transport-security.client-cert-auth) with peer-trusted-ca-file.",
    cis: "2.5"
  },
  member(member, context) {
    const setting = settingOf(member, "peer-client-cert-auth");
    if (isTrue(setting?.value)) return [];
    const shown2 = setting ? written(setting) : "peer-client-cert-auth is not set";
    return [
      exposureFinding(
        this.info,
        setting ?? anchorOf(member, "peer-cert-file", "listen-peer-urls"),
        `${shown2}: etcd accepts peers without a certificate (CIS 2.5: peer-client-cert-auth true).`,
        setting !== void 0,
        listensOnLoopbackOnly(member, "listen-peer-urls", context),
        "listen-peer-urls"
      )
    ];
  }
};
var peerAutoTls = {
  info: {
    id: "ETCD-406",
    severity: "warning",
    name: "peer-auto-tls",
    etcdDoes: "With peer-auto-tls, members use self-signed certificates they make themselves: a member cannot verify its peers.",
    fix: "Set peer-auto-tls to false and give peer-cert-file and peer-key-file signed by etcd\u2019s CA.",
    cis: "2.6"
  },
  member(member) {
    const setting = settingOf(member, "peer-auto-tls");
    if (!setting || !isTrue(setting.value)) return [];
    return [
      report(
        this.info,
        setting,
        `${written(setting)}: members use self-signed certificates nobody can verify (CIS 2.6: peer-auto-tls not true).`,
        true
      )
    ];
  }
};
var trustedCaMissing = {
  info: {
    id: "ETCD-407",
    severity: "warning",
    name: "trusted-ca-missing",
    etcdDoes: "Checks client (or peer) certificates against the system\u2019s public CAs when no trusted CA file is set: certificates from any public CA get in.",
    fix: "Set trusted-ca-file and peer-trusted-ca-file to a CA used for etcd only.",
    cis: "2.7"
  },
  member(member) {
    const findings = [];
    for (const [auth, ca] of [
      ["client-cert-auth", "trusted-ca-file"],
      ["peer-client-cert-auth", "peer-trusted-ca-file"]
    ]) {
      const authSetting = settingOf(member, auth);
      if (!authSetting || !isTrue(authSetting.value) || (settingOf(member, ca)?.value.trim() ?? "") !== "") continue;
      findings.push(
        report(
          this.info,
          authSetting,
          `${written(authSetting)} without ${ca}: etcd verifies certificates against the system\u2019s public CAs (CIS 2.7: a CA for etcd alone).`
        )
      );
    }
    return findings;
  }
};
var KUBERNETES_CA = /(^|\/)kubernetes\/(pki|ssl|certs?)\/ca\.(crt|pem)$/;
var sharedKubernetesCa = {
  info: {
    id: "ETCD-408",
    severity: "notice",
    name: "shared-kubernetes-ca",
    etcdDoes: "Trusts every certificate the Kubernetes CA signs (kubelets, users, controllers) when that CA is its trusted CA.",
    fix: "Give etcd a CA of its own (kubeadm: /etc/kubernetes/pki/etcd/ca.crt).",
    cis: "2.7"
  },
  member(member) {
    return ["trusted-ca-file", "peer-trusted-ca-file"].flatMap((name) => {
      const setting = settingOf(member, name);
      if (!setting || !KUBERNETES_CA.test(setting.value.trim())) return [];
      return [
        report(
          this.info,
          setting,
          `${written(setting)} is the Kubernetes cluster CA: every certificate it signs can reach etcd (CIS 2.7: a CA for etcd alone).`,
          true
        )
      ];
    });
  }
};
var externalEtcdTls = {
  info: {
    id: "ETCD-409",
    severity: "warning",
    name: "external-etcd-tls",
    etcdDoes: "The API server talks to an external etcd in clear text over http endpoints, or without a client certificate when certFile/keyFile are missing.",
    fix: "List https endpoints under etcd.external and set caFile, certFile and keyFile."
  },
  file(file) {
    const external = file.external;
    if (!external) return [];
    const findings = [];
    for (const endpoint of external.endpoints) {
      const parsed = parseEtcdUrl(endpoint.value);
      if ("url" in parsed && parsed.url.scheme === "http") {
        findings.push(
          report(
            this.info,
            endpoint,
            `etcd.external endpoint ${endpoint.value} is http: the API server sends every object, Secrets included, unencrypted.`
          )
        );
      }
    }
    const missing = ["caFile", "certFile", "keyFile"].filter((key) => !external[key]?.value);
    if (missing.length > 0) {
      findings.push(
        report(
          this.info,
          external,
          `etcd.external has no ${missing.join(", ")}: the API server cannot verify etcd or present a client certificate.`
        )
      );
    }
    return findings;
  }
};

// src/lint/rules/settings.ts
var OWN_VARIABLES = /* @__PURE__ */ new Set(["ETCD_UNSUPPORTED_ARCH"]);
function spellLike(setting, replacement, version) {
  if (replacement.startsWith("the ") || replacement.startsWith("`")) return replacement;
  const [name, ...value] = replacement.split("=");
  const rest = value.length > 0 ? `=${value.join("=")}` : "";
  if (setting.source === "env") return `${envOfFlag(name)}${rest}`;
  if (setting.source === "config-file")
    return `${flagInfo(name, version).spec?.yaml[version.minor] ?? name}${rest.replace("=", ": ")}`;
  return `--${name}${rest}`;
}
function whyUnknown(setting, status, version, suggestion) {
  if (status.removedIn)
    return `etcd ${status.removedIn} removed it${status.use ? `; use ${spellLike(setting, status.use, version)}` : ""}`;
  if (status.since) return `etcd ${version.minor}.${version.patch} does not have it yet (it came in ${status.since})`;
  if (status.spec) return `etcd ${version.minor} does not have it`;
  return `etcd ${version.minor} has no such setting${suggestion ? ` (did you mean ${spellLike(setting, suggestion, version)}?)` : ""}`;
}
function commandLineFlags(member) {
  return [...member.settings, ...member.ignoredSettings ?? []].filter(isFlag);
}
var unknownFlag = {
  info: {
    id: "ETCD-301",
    severity: "error",
    name: "unknown-flag",
    etcdDoes: "Exits with status 2 on a command-line flag it does not know (a typo, or a flag this release removed or does not have yet), even beside --config-file.",
    fix: "Correct the flag name (see etcd --help of the release you run), or use the replacement the message names."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    return commandLineFlags(member).flatMap((setting) => {
      const status = flagInfo(setting.name, version);
      if (status.known || setting.name === "h" || setting.name === "help") return [];
      const suggestion = nearest(setting.name, knownFlags(version));
      const why = whyUnknown(setting, status, version, suggestion);
      const message = `${written(setting)}: ${why}; ${refuses(`flag provided but not defined: -${setting.name}`)}.`;
      return [report(this.info, setting, message)];
    });
  }
};
function sectionKeyOf(name, version) {
  const key = flagInfo(name, version).spec?.yaml[version.minor];
  return key?.includes("-transport-security.") ? key : void 0;
}
var unknownSetting = {
  info: {
    id: "ETCD-302",
    severity: "warning",
    name: "unknown-setting",
    etcdDoes: "Ignores a YAML key it does not know without a word, and an unknown ETCD_* variable with only a warning: the setting never applies.",
    fix: "Correct the key or variable name (YAML keys are flag names; variables are ETCD_ and the flag name in capitals with underscores)."
  },
  readsAsWritten: true,
  member(member, { version }) {
    return member.settings.flatMap((setting) => {
      if (setting.source === "env") {
        const status2 = flagInfo(setting.name, version);
        if (status2.known || OWN_VARIABLES.has(setting.key)) return [];
        const suggestion2 = nearest(setting.name, knownFlags(version));
        const why2 = whyUnknown(setting, status2, version, suggestion2);
        const message = `${written(setting)}: ${why2}; etcd only warns "unrecognized environment variable" and ignores it.`;
        return [report(this.info, setting, message)];
      }
      if (setting.source !== "config-file" || yamlKeyStatus(setting.key, version) === "known") return [];
      const name = setting.key.toLowerCase();
      if (!name.includes(".") && sectionKeyOf(name, version)) return [];
      if (name === "client-crl-file" || name === "peer-crl-file") {
        return [
          report(
            this.info,
            setting,
            `${written(setting)}: etcd\u2019s config file has no CRL setting and ignores this key; a CRL needs the --${name} flag, without --config-file.`
          )
        ];
      }
      const status = flagInfo(name, version);
      const suggestion = nearest(name, knownYamlKeys(version));
      const why = whyUnknown(setting, status, version, suggestion);
      return [
        report(
          this.info,
          setting,
          `${written(setting)}: ${why}; etcd ignores keys of its config file it does not know, so this setting never applies.`
        )
      ];
    });
  }
};
var tlsKeyOutsideSection = {
  info: {
    id: "ETCD-303",
    severity: "warning",
    name: "tls-key-outside-section",
    etcdDoes: "Ignores TLS keys at the top level of its config file: it reads them only under client-transport-security and peer-transport-security, so TLS is silently not configured.",
    fix: "Move the key under client-transport-security (cert-file, key-file, trusted-ca-file, client-cert-auth, auto-tls) or peer-transport-security (the peer-* settings, without peer-)."
  },
  readsAsWritten: true,
  member(member, { version }) {
    return member.settings.flatMap((setting) => {
      if (setting.source !== "config-file" || setting.key.includes(".")) return [];
      const sectionKey = sectionKeyOf(setting.key.toLowerCase(), version);
      if (!sectionKey || yamlKeyStatus(setting.key, version) === "known") return [];
      const [section, key] = sectionKey.split(".");
      const where2 = section === "client-transport-security" ? `${section} (or peer-transport-security, for peer TLS)` : `${section} (as ${key})`;
      const message = `${written(setting)} at the top level: etcd\u2019s config file reads it only indented under ${where2}, and ignores it here, so this TLS setting does not apply.`;
      return [report(this.info, setting, message)];
    });
  }
};
function atQuietDefault(setting, name, version) {
  const etcdWarns = version.minor === "3.6" || version.minor === "3.5" && setting.source !== "config-file";
  if (etcdWarns) return false;
  const spec = flagInfo(name, version).spec;
  return spec?.kind === "bool" ? !isTrue(setting.value) : setting.value === defaultOf(name, version);
}
var deprecatedSetting = {
  info: {
    id: "ETCD-304",
    severity: "warning",
    name: "deprecated-setting",
    etcdDoes: "Still takes a deprecated setting (often with a warning), and drops it in a later release.",
    fix: "Use the replacement the message names before upgrading."
  },
  readsAsWritten: true,
  member(member, { version }) {
    return member.settings.flatMap((setting) => {
      const name = setting.source === "config-file" ? flagOfYamlKey(setting.key, version)?.name : setting.name;
      if (!name) return [];
      const status = flagInfo(name, version);
      if (status.known && status.deprecatedIn && atQuietDefault(setting, name, version)) return [];
      if (status.known && status.deprecatedIn) {
        const use = status.use ? `; use ${spellLike(setting, status.use, version)}` : "";
        return [
          report(this.info, setting, `${written(setting)}: etcd ${status.deprecatedIn} deprecates ${name}${use}.`)
        ];
      }
      if (name === "logger" && setting.value === "capnslog" && version.minor === "3.4") {
        return [
          report(
            this.info,
            setting,
            `${written(setting)}: etcd 3.4 deprecates the capnslog logger and 3.5 removes it; use zap.`,
            true
          )
        ];
      }
      return [];
    });
  }
};
function effectiveSettings(member, version) {
  return member.settings.filter((setting) => {
    if (setting.source === "kubeadm-default") return false;
    if (setting.source === "config-file") return yamlKeyStatus(setting.key, version) === "known";
    return flagInfo(setting.name, version).known;
  });
}
var sourceKind = (setting) => setting.source === "env" ? "env" : setting.source === "config-file" ? "yaml" : "flag";
var duplicateSetting = {
  info: {
    id: "ETCD-305",
    severity: "warning",
    name: "duplicate-setting",
    etcdDoes: "Uses the last value of a setting given twice (flags, ETCD_* variables, YAML keys in any letter case); the earlier value silently does nothing.",
    fix: "Keep one occurrence of the setting, with the value you mean."
  },
  readsAsWritten: true,
  member(member, { version }) {
    const settings = effectiveSettings(member, version);
    const findings = [];
    settings.forEach((setting, index) => {
      const later = settings.slice(index + 1).find((other) => other.name === setting.name && sourceKind(other) === sourceKind(setting));
      if (!later) return;
      const where2 = later.at.file === setting.at.file ? `line ${later.at.line}` : `${later.at.file}:${later.at.line}`;
      findings.push(
        report(
          this.info,
          setting,
          `${written(setting)} is set again at ${where2} (${written(later)}); etcd uses the last value, so this one does nothing.`
        )
      );
    });
    return findings;
  }
};
var flagAndEnvironment = {
  info: {
    id: "ETCD-306",
    severity: "error",
    name: "flag-and-environment-variable",
    etcdDoes: "Exits when an option is given both as a command-line flag and as its ETCD_* variable (even an empty one).",
    fix: "Give each option once: remove the flag or the variable."
  },
  readsAsWritten: true,
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const flags = member.settings.filter(
      (setting) => setting.source === "flag" && flagInfo(setting.name, version).known
    );
    return member.settings.flatMap((setting) => {
      if (setting.source !== "env" || setting.key !== envOfFlag(setting.name)) return [];
      const flag = flags.find((candidate) => candidate.name === setting.name);
      if (!flag) return [];
      const etcdMessage = version.minor === "3.4" ? `conflicting environment variable ${JSON.stringify(setting.key)} is shadowed by corresponding command-line flag (either unset environment variable or disable flag)` : "conflicting environment variable is shadowed by corresponding command-line flag (either unset environment variable or disable flag))";
      return [
        report(
          this.info,
          setting,
          `${written(setting)} and the flag ${written(flag)} set one option; ${refuses(etcdMessage)}.`
        )
      ];
    });
  }
};
var ignoredBesideConfigFile = {
  info: {
    id: "ETCD-307",
    severity: "warning",
    name: "ignored-beside-config-file",
    etcdDoes: "With --config-file (or ETCD_CONFIG_FILE), reads only that file: every other flag and ETCD_* variable is ignored.",
    fix: "Move the setting into the config file, or drop --config-file and give everything as flags."
  },
  member(member, { version }) {
    const configFile = member.settings.find((setting) => setting.name === "config-file");
    return (member.ignoredSettings ?? []).flatMap((setting) => {
      if (setting.name === "config-file" || isFlag(setting) && !flagInfo(setting.name, version).known) return [];
      const file = configFile ? ` ${configFile.value}` : "";
      return [
        report(
          this.info,
          setting,
          `${written(setting)} is ignored: etcd reads only its config file${file} when one is given.`
        )
      ];
    });
  }
};

// src/lint/rules/startup-logging.ts
var LEVELS = ["debug", "info", "warn", "error", "dpanic", "panic", "fatal"];
var CAPNSLOG_OUTPUTS = ["default", "stderr", "stdout"];
var invalidLogging = {
  info: {
    id: "ETCD-113",
    severity: "error",
    name: "invalid-logging",
    etcdDoes: "Refuses to start (or panics) on an unknown logger, log level, log output or log format; 3.5 removed the capnslog logger, and 3.4\u2019s capnslog takes one output of default, stderr or stdout.",
    fix: "Use logger zap, log-level debug/info/warn/error/panic/fatal, log-outputs stderr, stdout, default or file paths (3.6: log-format json or console)."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const findings = [];
    const loggerSetting = settingOf(member, "logger");
    const logger = valueOf(member, "logger", version);
    if (loggerSetting && logger === "capnslog" && version.minor !== "3.4") {
      findings.push(
        report(
          this.info,
          loggerSetting,
          `${written(loggerSetting)}: etcd ${version.minor} logs with zap only; ${refuses("--logger=capnslog is removed in v3.5")}.`,
          true
        )
      );
      return findings;
    }
    if (loggerSetting && logger !== "capnslog" && logger !== "zap") {
      const etcdMessage = `unknown logger option ${JSON.stringify(logger)}`;
      findings.push(
        report(
          this.info,
          loggerSetting,
          `${written(loggerSetting)}: etcd takes zap${version.minor === "3.4" ? " or capnslog" : ""}; ${refuses(etcdMessage)}.`,
          true
        )
      );
      return findings;
    }
    const outputsSetting = settingOf(member, "log-outputs");
    if (outputsSetting) {
      const outputs = outputsSetting.value.split(",").map((output) => output.trim());
      if (logger === "capnslog" && outputs.length !== 1) {
        const etcdMessage = `--logger=capnslog supports only 1 value in '--log-outputs', got [${outputs.map((output) => JSON.stringify(output)).join(" ")}]`;
        findings.push(
          report(
            this.info,
            outputsSetting,
            `${written(outputsSetting)}: etcd 3.4 logs with capnslog unless logger is zap; ${refuses(etcdMessage)}.`,
            true
          )
        );
      } else if (logger === "capnslog" && !CAPNSLOG_OUTPUTS.includes(outputs[0])) {
        const etcdMessage = `unknown log-output ${JSON.stringify(outputs[0])} (only supports "default", "stderr", "stdout")`;
        findings.push(
          report(
            this.info,
            outputsSetting,
            `${written(outputsSetting)}: etcd 3.4 logs with capnslog unless logger is zap; ${refuses(etcdMessage)}.`,
            true
          )
        );
      } else if (logger === "zap" && outputs.length > 1 && outputs.includes("default")) {
        const etcdMessage = 'multi logoutput for "default" is not supported yet';
        findings.push(
          report(
            this.info,
            outputsSetting,
            `${written(outputsSetting)}: default cannot be combined with other outputs; ${refuses(etcdMessage)}.`,
            true
          )
        );
      }
    }
    const level = settingOf(member, "log-level");
    const levelKnown = (text) => LEVELS.includes(text) || version.minor !== "3.4" && (LEVELS.includes(text.toLowerCase()) || text === "");
    if (level && !levelKnown(level.value)) {
      const etcdMessage = version.minor === "3.4" ? `panic: unknown level ${JSON.stringify(level.value)}` : `panic: unrecognized level: ${JSON.stringify(level.value)}`;
      findings.push(
        report(this.info, level, `${written(level)}: etcd takes ${LEVELS.join(", ")}; ${refuses(etcdMessage)}.`, true)
      );
    }
    const format = settingOf(member, "log-format");
    if (format && version.minor === "3.6" && !["json", "console"].includes(format.value)) {
      const etcdMessage = `unknown log format: ${format.value}, supported values json, console`;
      findings.push(
        report(this.info, format, `${written(format)}: etcd takes json or console; ${refuses(etcdMessage)}.`, true)
      );
    }
    return findings;
  }
};

// src/lint/rules/startup-settings.ts
var invalidClusterState = {
  info: {
    id: "ETCD-105",
    severity: "error",
    name: "invalid-cluster-state",
    etcdDoes: "Refuses to start: initial-cluster-state is new or existing.",
    fix: "Use new for the members that bootstrap a cluster together, existing for a member added to a running cluster."
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    return parsedOccurrences(member, "initial-cluster-state").flatMap((setting) => {
      if (setting.value === "new" || setting.value === "existing") return [];
      if (setting.value === "" && setting.source !== "flag") return [];
      const etcdMessage = readsYaml(member) ? `unexpected clusterState ${JSON.stringify(setting.value)}` : flagValueError(setting, "invalid value");
      return [
        report(this.info, setting, `${written(setting)}: etcd takes new or existing; ${refuses(etcdMessage)}.`, true)
      ];
    });
  }
};
var conflictingBootstrap = {
  info: {
    id: "ETCD-106",
    severity: "error",
    name: "conflicting-bootstrap",
    etcdDoes: "Refuses to start: a member bootstraps from exactly one of initial-cluster, discovery, discovery-srv (3.6: or discovery-endpoints).",
    fix: "Keep one way to bootstrap: initial-cluster for a static cluster, or one discovery setting."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const sources = [
      "initial-cluster",
      "discovery",
      "discovery-srv",
      ...version.minor === "3.6" ? ["discovery-endpoints"] : []
    ];
    const set = sources.map((name) => settingOf(member, name)).filter((setting) => (setting?.value.trim() ?? "") !== "");
    if (set.length < 2) return [];
    const names = version.minor === "3.6" ? '"initial-cluster", "discovery", "discovery-endpoints" or "discovery-srv"' : '"initial-cluster", "discovery" or "discovery-srv"';
    const etcdMessage = `multiple discovery or bootstrap flags are set. Choose one of ${names}`;
    const listed2 = set.map((setting) => written(setting)).join(" and ");
    return set.slice(1).map((setting) => report(this.info, setting, `${listed2} are both set; ${refuses(etcdMessage)}.`));
  }
};
function wholeNumber(setting, fallback) {
  if (!setting) return fallback;
  const parsed = goParseInteger(setting.value.trim(), false);
  return parsed === void 0 ? void 0 : Number(parsed);
}
var raftTiming = {
  info: {
    id: "ETCD-107",
    severity: "error",
    name: "raft-timing",
    etcdDoes: "Refuses to start unless 0 < 5 x heartbeat-interval <= election-timeout <= 50000 (milliseconds).",
    fix: "Set heartbeat-interval near the round-trip time between members and election-timeout to about 10 times it (defaults 100 and 1000)."
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    const heartbeatSetting = settingOf(member, "heartbeat-interval");
    const electionSetting = settingOf(member, "election-timeout");
    const heartbeat = wholeNumber(heartbeatSetting, 100);
    const election = wholeNumber(electionSetting, 1e3);
    if (heartbeat === void 0 || election === void 0) return [];
    const at2 = electionSetting ?? heartbeatSetting;
    let etcdMessage;
    let explanation = "";
    if (heartbeat === 0) {
      etcdMessage = "--heartbeat-interval must be >0 (set to 0ms)";
      explanation = "heartbeat-interval is 0";
    } else if (election === 0) {
      etcdMessage = "--election-timeout must be >0 (set to 0ms)";
      explanation = "election-timeout is 0";
    } else if (5 * heartbeat > election) {
      etcdMessage = `--election-timeout[${election}ms] should be at least as 5 times as --heartbeat-interval[${heartbeat}ms]`;
      explanation = `election-timeout ${election} ms is less than 5 x heartbeat-interval ${heartbeat} ms`;
    } else if (election > 5e4) {
      etcdMessage = `--election-timeout[${election}ms] is too long, and should be set less than 50000ms`;
      explanation = `election-timeout ${election} ms is above 50000 ms`;
    }
    if (!etcdMessage || !at2) return [];
    const shown2 = [heartbeatSetting, electionSetting].filter((setting) => setting !== void 0).map(written).join(" with ");
    return [report(this.info, at2, `${shown2}: ${explanation}; ${refuses(etcdMessage)}.`, true)];
  }
};
var autoCompaction = {
  info: {
    id: "ETCD-109",
    severity: "error",
    name: "invalid-auto-compaction",
    etcdDoes: "Refuses to start: auto-compaction-mode is periodic or revision, and auto-compaction-retention a whole number or a duration.",
    fix: "Use auto-compaction-mode periodic with a retention such as 1h (or a number of hours), or revision with a number of revisions."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const findings = [];
    const mode = settingOf(member, "auto-compaction-mode");
    if (mode && mode.value !== "periodic" && mode.value !== "revision" && !(mode.value === "" && version.minor !== "3.6")) {
      const etcdMessage = mode.value === "" ? "undefined auto-compaction-mode" : `unknown auto-compaction-mode ${JSON.stringify(mode.value)}`;
      findings.push(
        report(this.info, mode, `${written(mode)}: etcd takes periodic or revision; ${refuses(etcdMessage)}.`, true)
      );
    }
    const retention = settingOf(member, "auto-compaction-retention");
    if (retention) {
      const whole = /^\d+$/.test(retention.value) && Number(retention.value) >= 0;
      const duration = goParseDuration(retention.value);
      if (!whole && "error" in duration) {
        const etcdMessage = `error parsing CompactionRetention: ${duration.error}`;
        findings.push(
          report(
            this.info,
            retention,
            `${written(retention)} is neither a whole number nor a duration such as 1h; ${refuses(etcdMessage)}.`,
            true
          )
        );
      }
    }
    return findings;
  }
};
var leaseCheckpointPersist = {
  info: {
    id: "ETCD-110",
    severity: "error",
    name: "lease-checkpoint-persist-alone",
    etcdDoes: "Refuses to start: persisting lease checkpoints needs lease checkpoints (3.4.20+, 3.5.2+; 3.6 as feature gates).",
    fix: "Enable experimental-enable-lease-checkpoint (3.6: feature gate LeaseCheckpoint) too, or drop the persist setting."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const gates = featureGates(member);
    const persist = settingOf(member, "experimental-enable-lease-checkpoint-persist");
    const checkpoint = settingOf(member, "experimental-enable-lease-checkpoint");
    const persistOn = isTrue(persist?.value) || gates.get("LeaseCheckpointPersist") === true;
    const checkpointOn = isTrue(checkpoint?.value) || gates.get("LeaseCheckpoint") === true;
    if (!persistOn || checkpointOn) return [];
    const at2 = persist && isTrue(persist.value) ? persist : settingOf(member, "feature-gates");
    if (!at2) return [];
    const etcdMessage = version.minor === "3.6" ? "enabling feature gate LeaseCheckpointPersist requires enabling feature gate LeaseCheckpoint" : "setting experimental-enable-lease-checkpoint-persist requires experimental-enable-lease-checkpoint";
    return [report(this.info, at2, `${written(at2)} without lease checkpoints enabled; ${refuses(etcdMessage)}.`)];
  }
};
function featureGates(member) {
  const gates = /* @__PURE__ */ new Map();
  for (const part of (settingOf(member, "feature-gates")?.value ?? "").split(",")) {
    const [name, value] = part.split("=").map((text) => text.trim());
    if (name)
      gates.set(
        name,
        value === void 0 ? void 0 : /^(1|t|true)$/i.test(value) ? true : /^(0|f|false)$/i.test(value) ? false : void 0
      );
  }
  return gates;
}

// src/lint/rules/startup-releases.ts
var REFUSED_TOGETHER = RENAMED_IN_3_6.filter((name) => name !== "warning-unary-request-duration");
var oldAndNewName = {
  info: {
    id: "ETCD-115",
    severity: "error",
    name: "old-and-new-name",
    etcdDoes: "etcd 3.6 refuses to start when an experimental setting is given under both its old and its new name (or as a flag and as its feature gate).",
    fix: "Keep only the new name (3.6 renamed experimental-X to X, and moved some to --feature-gates)."
  },
  refusesIn: ["3.6"],
  member(member, { version }) {
    if (version.minor !== "3.6") return [];
    const findings = [];
    for (const newName of REFUSED_TOGETHER) {
      const oldName = `experimental-${newName}`;
      const old = settingOf(member, oldName);
      const renamed = settingOf(member, newName);
      if (!old || !renamed) continue;
      const etcdMessage = `cannot set --${oldName} and --${newName} at the same time, please use --${newName} only`;
      findings.push(
        report(this.info, old, `${written(old)} and ${written(renamed)} are both set; ${refuses(etcdMessage)}.`)
      );
    }
    const unary = [
      settingOf(member, "experimental-warning-unary-request-duration"),
      settingOf(member, "warning-unary-request-duration")
    ];
    if (unary[0] && unary[1]) {
      const etcdMessage = "both --experimental-warning-unary-request-duration and --warning-unary-request-duration flags are set. Use only --warning-unary-request-duration";
      findings.push(
        report(
          this.info,
          unary[0],
          `${written(unary[0])} and ${written(unary[1])} are both set; ${refuses(etcdMessage)}.`
        )
      );
    }
    const gatesSetting = settingOf(member, "feature-gates");
    for (const [flag, gate] of Object.entries(FEATURE_GATE_FLAGS)) {
      const setting = settingOf(member, flag);
      if (!setting || !gatesSetting || !gatesSetting.value.includes(gate)) continue;
      const on = isTrue(setting.value);
      const etcdMessage = `cannot specify both flags: --${flag}=${on} and --feature-gates=${gate}=`;
      findings.push(
        report(
          this.info,
          setting,
          `${written(setting)} and ${written(gatesSetting)} both set ${gate}; ${refuses(etcdMessage)}.`
        )
      );
    }
    return findings;
  }
};
var invalidFeatureGate = {
  info: {
    id: "ETCD-116",
    severity: "error",
    name: "invalid-feature-gate",
    etcdDoes: "etcd 3.6 refuses to start on a feature gate it does not know or without a true/false value.",
    fix: `Write feature-gates as Name=true,Other=false with the gates of etcd 3.6: ${FEATURE_GATES_3_6.join(", ")}.`
  },
  refusesIn: ["3.6"],
  member(member, { version }) {
    const setting = settingOf(member, "feature-gates");
    if (version.minor !== "3.6" || !setting) return [];
    const gates = featureGates(member);
    for (const [name, value] of gates) {
      let etcdMessage;
      if (!FEATURE_GATES_3_6.includes(name)) etcdMessage = `unrecognized feature gate: ${name}`;
      else if (value === void 0)
        etcdMessage = setting.value.includes(`${name}=`) ? `invalid value of ${name}=` : `missing bool value for ${name}`;
      if (etcdMessage)
        return [
          report(
            this.info,
            setting,
            `${written(setting)}: ${name} is not a feature gate etcd 3.6 takes with true or false; ${refuses(etcdMessage)}.`,
            true
          )
        ];
    }
    return [];
  }
};
function given(member, name) {
  const setting = settingOf(member, name);
  return setting && setting.value.trim() !== "" ? setting : void 0;
}
var V3_DISCOVERY = [
  "discovery-endpoints",
  "discovery-token",
  "discovery-cert",
  "discovery-key",
  "discovery-cacert",
  "discovery-user",
  "discovery-password"
];
var V2_DEPRECATION_ORDER = ["not-yet", "write-only", "write-only-drop-data", "gone"];
var conflictingV2OrDiscovery = {
  info: {
    id: "ETCD-117",
    severity: "error",
    name: "conflicting-v2-or-discovery",
    etcdDoes: "etcd 3.5 refuses --enable-v2 with --v2-deprecation write-only or later; etcd 3.6 refuses discovery-fallback proxy, v2 and v3 discovery settings together, and a discovery token without endpoints (or the reverse).",
    fix: "Drop the v2 API and v2 proxy settings; for 3.6 discovery give discovery-token and discovery-endpoints together and no discovery-proxy."
  },
  refusesIn: ["3.5", "3.6"],
  member(member, { version }) {
    if (version.minor === "3.5") {
      const enableV2 = settingOf(member, "enable-v2");
      const deprecation = settingOf(member, "v2-deprecation");
      if (enableV2 && isTrue(enableV2.value) && deprecation && V2_DEPRECATION_ORDER.indexOf(deprecation.value) >= 1) {
        const etcdMessage = `--enable-v2 and --v2-deprecation=${deprecation.value} are mutually exclusive`;
        return [
          report(this.info, enableV2, `${written(enableV2)} with ${written(deprecation)}; ${refuses(etcdMessage)}.`)
        ];
      }
      return [];
    }
    if (version.minor !== "3.6") return [];
    const fallback = settingOf(member, "discovery-fallback");
    if (fallback && fallback.value === "proxy" && fallback.source !== "config-file") {
      const etcdMessage = `v2 proxy is deprecated, and --discovery-fallback can't be configured as "proxy"`;
      return [
        report(this.info, fallback, `${written(fallback)}: etcd 3.6 has no v2 proxy; ${refuses(etcdMessage)}.`, true)
      ];
    }
    const v2 = given(member, "discovery-proxy");
    const v3 = V3_DISCOVERY.map((name) => given(member, name)).find((setting) => setting !== void 0);
    if (v2 && v3) {
      const etcdMessage = "both v2 discovery settings (discovery, discovery-proxy) and v3 discovery settings (discovery-token, discovery-endpoints, discovery-cert, discovery-key, discovery-cacert, discovery-user, discovery-password) are set";
      return [report(this.info, v2, `${written(v2)} with ${written(v3)}; ${refuses(etcdMessage)}.`)];
    }
    const token = given(member, "discovery-token");
    const endpoints = given(member, "discovery-endpoints");
    if (token === void 0 !== (endpoints === void 0)) {
      const at2 = token ?? endpoints;
      return [
        report(
          this.info,
          at2,
          `${written(at2)} without ${token ? "discovery-endpoints" : "discovery-token"}; ${refuses("both --discovery-token and --discovery-endpoints must be set")}.`
        )
      ];
    }
    return [];
  }
};

// src/lint/rules/index.ts
var RULE_LIST = [
  invalidUrl,
  listenUrlNotIp,
  advertiseUrlWithoutHost,
  invalidInitialCluster,
  invalidClusterState,
  conflictingBootstrap,
  raftTiming,
  advertiseClientUrlsMissing,
  autoCompaction,
  leaseCheckpointPersist,
  tlsFilesMissing,
  invalidTlsOptions,
  invalidLogging,
  invalidValue,
  oldAndNewName,
  invalidFeatureGate,
  conflictingV2OrDiscovery,
  clientUrlListedTwice,
  nameNotInInitialCluster,
  advertisePeerUrlsMismatch,
  duplicateInitialClusterUrl,
  initialClusterDisagreement,
  clusterTokenMismatch,
  duplicateMemberName,
  duplicateMemberAddress,
  evenMemberCount,
  mixedClusterState,
  initialClusterNames,
  unknownFlag,
  unknownSetting,
  tlsKeyOutsideSection,
  deprecatedSetting,
  duplicateSetting,
  flagAndEnvironment,
  ignoredBesideConfigFile,
  clientTls,
  clientCertAuth,
  autoTls,
  peerTls,
  peerClientCertAuth,
  peerAutoTls,
  trustedCaMissing,
  sharedKubernetesCa,
  externalEtcdTls,
  urlHiddenParts,
  quotaTooLarge,
  requestTooLarge,
  settingIgnored,
  defaultName,
  advertisesLocalhost,
  yamlDurationNanoseconds
];
var RULES = [
  ...READER_RULES,
  ...RULE_LIST.map((rule) => rule.info),
  ...BOOT_RULES,
  ...UPGRADE_RULES
];
var COMMAND_LINE_RULES = [unknownFlag, invalidValue, ignoredBesideConfigFile];
function withUnreadConfigFile(member) {
  const configFile = member.settings.find((setting) => setting.name === "config-file" && setting.value.trim() !== "");
  if (!configFile || member.settings.some((setting) => setting.source === "config-file")) return void 0;
  const others = member.settings.filter((setting) => setting !== configFile);
  return { ...member, settings: [configFile], ignoredSettings: [...others, ...member.ignoredSettings ?? []] };
}
function runRules(files, groups, options) {
  const context = { version: parseEtcdVersion(options.etcdVersion) };
  const findings = [];
  for (const file of files) {
    for (const rule of RULE_LIST) if (rule.file) findings.push(...rule.file(file, context));
    for (const member of file.members) {
      const unread = withUnreadConfigFile(member);
      const rules = unread ? COMMAND_LINE_RULES : RULE_LIST;
      const applied = appliedMember(unread ?? member, context.version);
      for (const rule of rules)
        if (rule.member) findings.push(...rule.member(rule.readsAsWritten ? unread ?? member : applied, context));
    }
  }
  for (const group of groups) {
    const members = group.members.filter((member) => !withUnreadConfigFile(member)).map((member) => appliedMember(member, context.version));
    for (const rule of RULE_LIST) if (rule.group) findings.push(...rule.group({ ...group, members }, context));
  }
  return findings;
}

// src/targets/container/entry.ts
import { randomInt } from "node:crypto";

// src/cluster/flags.ts
var import_yaml = __toESM(require_dist(), 1);

// src/cluster/user-config.ts
import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import path2 from "node:path";
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
  const written2 = new Map(member.configured.settings.map(({ name, value }) => [name, value]));
  const addressOf = (name) => spec.members.find((candidate) => candidate.name === name)?.address;
  const clientScheme = firstScheme(written2.get("advertise-client-urls"));
  const peerScheme = firstScheme(written2.get("initial-advertise-peer-urls"));
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
      if (!written2.has(listen)) add(listen, rehostUrls(ETCD_DEFAULTS.urls[listen], member.address));
      if (!written2.has(listen) && !written2.has(advertise))
        add(advertise, rehostUrls(ETCD_DEFAULTS.urls[advertise], member.address));
    }
  }
  return [...settings];
}
function configuredWalDir(dataDir) {
  return path2.posix.join(dataDir, "wal");
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
    const written2 = new Map((source ?? configured).settings.map(({ name, value }) => [name, value]));
    const rows = [];
    for (const [setting, config] of written2) {
      const run = rendered.get(setting) ?? null;
      if (run !== config) rows.push({ member: member.name, setting, config, run });
    }
    for (const [setting, run] of rendered)
      if (!written2.has(setting)) rows.push({ member: member.name, setting, config: null, run });
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
  const root = path2.resolve(stateDir);
  const pki = pkiPaths(options.pkiRoot ? path2.resolve(options.pkiRoot) : path2.join(root, "pki"));
  const runId = options.runId ?? randomBytes(4).toString("hex");
  const specs = members.map((config, index) => {
    const address = sandbox.addresses[index];
    const rehost = (url) => sandbox.urlsAsWritten ? url : rehostUrls(url, address);
    return {
      name: config.name,
      address,
      ...memberUrls(lastValues(config), rehost),
      dataDir: path2.join(root, "data", config.name),
      logFile: path2.join(root, "logs", `${config.name}.log`),
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

// src/cluster/flags.ts
function memberSettings(spec, member) {
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
function etcdFlags(spec, member) {
  return memberSettings(spec, member).map(([name, value]) => value === true ? `--${name}` : `--${name}=${value}`);
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
function etcdConfigYaml(spec, member) {
  const config = {};
  for (const [name, value] of memberSettings(spec, member)) {
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
function sandboxAddresses(target, baseAddress, count2, label) {
  const last = Number(baseAddress.split(".")[3]) + count2 - 1;
  if (last > 254) {
    throw new ConfigurationError(
      `${label("base-address")} is '${baseAddress}'; allowed: an address whose last number leaves room for the configuration's ${count2} members (at most ${255 - count2}) on the ${target} target`
    );
  }
  return Array.from({ length: count2 }, (_, index) => memberAddress(baseAddress, index));
}

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
  const tail2 = log.trimEnd().split("\n").slice(-LOG_TAIL_LINES).join("\n");
  return `${member.name} (${member.clientUrl}) ${why}` + (lastError ? `; etcd's last error: ${lastError}` : "") + `; last lines of its log:
${tail2 || "(empty log)"}`;
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
import path3 from "node:path";
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
    state.image,
    ...etcdFlags(spec, memberInRunContainer(state, member))
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
      throw new Error(`reading ${member.name}'s ${path3.basename(member.pki[field])} failed: ${errorMessage(error)}`);
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
      const probe2 = await this.deps.runner.run(
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
      this.namespaceAccess = probe2.code === 0 ? { prefix } : {
        reason: `the container target cuts links with iptables in each member's network namespace, which needs root or passwordless sudo, nsenter and iptables on this machine (${(probe2.stderr.trim() || `exit ${probe2.code}`).split("\n")[0]})`
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
  for (const { ref, byName: byName2 } of candidates) {
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
    if (byName2 ? name !== hints.hostname : !id.startsWith(ref)) continue;
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
function sparePlaces(spec, state, count2) {
  const taken = new Set([...spec.members, ...Object.values(state.spare ?? {})].map((member) => member.address));
  const prefix = state.subnet.split(".").slice(0, 3).join(".");
  const found = [];
  for (let octet = Math.max(...spec.members.map((member) => Number(member.address.split(".")[3]))) + 1; octet <= 254 && found.length < count2; octet++) {
    if (!taken.has(`${prefix}.${octet}`)) found.push(`${prefix}.${octet}`);
  }
  if (found.length < count2)
    throw new Error(
      `the network ${state.network} (${state.subnet}) has ${found.length} of ${count2} addresses left after the members'`
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
  async sparePlaces(count2) {
    return sparePlaces(this.spec, this.state, count2);
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
  runsLocalBinary: false,
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
import { access as access2, constants, mkdir, readFile as readFile4, rm, writeFile } from "node:fs/promises";
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
    await mkdir(member.dataDir, { recursive: true, mode: 448 });
    await mkdir(path4.dirname(member.logFile), { recursive: true, mode: 448 });
    await this.ensurePeerProxy();
    const proxied = this.running.members.find((candidate) => candidate.name === member.name) ?? member;
    const handle = await this.deps.runner.startDetached(
      this.state.etcdBinary,
      etcdFlags(this.running, proxied),
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
  async sparePlaces(count2) {
    requireFault(this, "add");
    const taken = new Set(this.allMembers().map((member) => member.address));
    const { clientPort, peerPort } = this.spec.topology;
    const found = [];
    let candidate = Math.max(...this.spec.members.map((member) => ipv4Number(member.address)));
    for (let tried = 0; found.length < count2 && tried < SPARE_ADDRESS_TRIES; tried++) {
      candidate += 1;
      const address = ipv4Text(candidate);
      if (!IPV4_LOOPBACK.test(address) || address.endsWith(".255")) break;
      if (!taken.has(address) && await portsFree(address, [clientPort, peerPort])) found.push(address);
    }
    if (found.length < count2) {
      throw new Error(
        `found ${found.length} of ${count2} loopback addresses after ${this.spec.members.at(-1)?.address} with ports ${clientPort} and ${peerPort} free`
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
    await mkdir(path4.dirname(member.dataDir), { recursive: true, mode: 448 });
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
    await rm(member.dataDir, { recursive: true, force: true });
    if (this.state.spare?.[member.name]) {
      delete this.state.spare[member.name];
      await this.deps.onChange?.(this.state);
    }
  }
  async logs(member, tailLines) {
    let text;
    try {
      text = await readFile4(member.logFile, "utf8");
    } catch {
      return "";
    }
    return tailLines === void 0 ? text : text.trimEnd().split("\n").slice(-tailLines).join("\n");
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
    await rm(proxyDir(this.spec), { recursive: true, force: true }).catch(
      (error) => problems.push(`${proxyDir(this.spec)}: ${errorMessage(error)}`)
    );
    if (!options.keepData) {
      for (const dir of [path4.join(this.spec.stateDir, "data"), path4.join(this.spec.stateDir, "logs")]) {
        await rm(dir, { recursive: true, force: true }).catch(
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
    await mkdir(dir, { recursive: true, mode: 448 });
    await mkdir(path4.join(this.spec.stateDir, "logs"), { recursive: true, mode: 448 });
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
      const log = await readFile4(logFile, "utf8").catch(() => "");
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
function parseSshOptions(read, access5) {
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
  if (!access5) return { kind, hosts, sshKey: sshKey ?? "", knownHosts: read.raw("known-hosts") ?? "" };
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
import { access as access3, mkdtemp, readFile as readFile5, rm as rm2 } from "node:fs/promises";
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
function systemdUnit(spec, member, dir) {
  return [
    "[Unit]",
    `Description=etcd member ${member.name} (etcd-ha run ${spec.runId})`,
    "Documentation=https://etcd.io/docs/",
    "After=network-online.target",
    "Wants=network-online.target",
    "",
    "[Service]",
    "Type=notify",
    `ExecStart=${dir}/etcd --config-file=${dir}/etcd.conf.yml`,
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
    const binary = await readFile5(this.state.etcdBinary);
    await Promise.all(
      this.spec.members.map(async (member) => {
        const host = this.hostOf(member);
        const probe2 = await this.remoteOk(
          host,
          `uname -m; if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then echo systemd; else echo process; fi
command -v tar >/dev/null 2>&1 || echo no-tar
${FIREWALL_PROBE}`,
          "probing the host",
          { timeoutMs: 3e4 }
        ).catch((error) => {
          throw new ConfigurationError(`hosts: ${errorMessage(error)}`);
        });
        const [remoteArch, supervisor, ...rest] = probe2.trim().split("\n");
        if (remoteArch !== arch) {
          throw new ConfigurationError(
            `hosts: ${host.host} is ${remoteArch}; allowed: hosts of this runner's architecture (${arch}), which the etcd binary is built for`
          );
        }
        if (rest.includes("no-tar"))
          throw new ConfigurationError(`hosts: ${host.host} has no tar, which copying the member's files needs`);
        const facts = {
          supervisor: supervisor === "systemd" ? "systemd" : "process",
          firewall: parseFirewallProbe(probe2) ?? { reason: "the probe of its firewall tools said nothing" }
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
      { name: "pki/ca.crt", mode: 420, data: await readFile5(member.pki.caCert) },
      { name: "pki/server.crt", mode: 420, data: await readFile5(member.pki.serverCert) },
      { name: "pki/server.key", mode: 384, data: await readFile5(member.pki.serverKey) },
      { name: "pki/peer.crt", mode: 420, data: await readFile5(member.pki.peerCert) },
      { name: "pki/peer.key", mode: 384, data: await readFile5(member.pki.peerKey) },
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
      const binary = await readFile5(this.state.etcdBinary);
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
$run ${dir}/etcd --config-file=${dir}/etcd.conf.yml >>${dir}/etcd.log 2>&1 </dev/null &
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
      const probe2 = await this.remoteOk(host, FIREWALL_PROBE, "probing the firewall tools", { timeoutMs: 3e4 });
      facts = {
        supervisor: this.supervisorOn(host),
        firewall: parseFirewallProbe(probe2) ?? { reason: "the probe of its firewall tools said nothing" }
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
  async sparePlaces(count2) {
    const homes = this.spec.members.map((member, index) => ({ member, host: this.state.hosts[index] }));
    if (homes.some(({ host }) => !host)) throw new Error("the ssh target has fewer hosts than members");
    const listening = /* @__PURE__ */ new Map();
    const places = [];
    for (let index = 0; index < count2; index++) {
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
      [this.state.etcdBinary, tool, snapshotFile].map((file) => readFile5(file))
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
      await rm2(this.state.controlDir, { recursive: true, force: true }).catch(
        (error) => problems.push(`${this.state.controlDir}: ${errorMessage(error)}`)
      );
      delete this.state.controlDir;
    }
    for (const file of this.state.localFiles ?? []) {
      await rm2(file, { force: true }).catch((error) => problems.push(`${file}: ${errorMessage(error)}`));
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
  parseOptions: (read, access5) => parseSshOptions(read, access5),
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
function parseTargetOptions(kind, read, access5) {
  return targetEntry(kind).parseOptions(read, access5);
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

// src/etcd/releases.ts
var DEFAULT_ETCD_VERSION = "3.6.16";
var DEFAULT_DOWNLOAD_URL = "https://github.com/etcd-io/etcd/releases/download";
var MIN_ETCD_VERSION = [3, 4, 0];

// src/config/target-options.ts
function parseTarget(read, options = {}) {
  const access5 = options.access ?? true;
  const kind = read.oneOf("target", DEFAULT_TARGET_KIND, TARGET_KINDS);
  for (const owner of TARGET_KINDS) {
    if (owner === kind) continue;
    const { ownOptions, secretOptions = [] } = TARGETS[owner];
    for (const name of ownOptions) {
      const value = read.raw(name);
      if (value !== void 0)
        read.fail(
          name,
          secretOptions.includes(name) ? "***" : value,
          `nothing unless target is ${owner} (target is ${kind})`
        );
    }
  }
  return parseTargetOptions(kind, read, access5);
}

// src/config/options.ts
import { isIP as isIP6 } from "node:net";

// src/checks/rounds.ts
var MAX_ROUNDS = 50;
var SUMMED_FIGURES = /* @__PURE__ */ new Set(["keysLost"]);
function isSummedFigure(name) {
  return SUMMED_FIGURES.has(name);
}
function nearestRank(values, p) {
  if (values.length === 0) throw new Error("no values to take a percentile of");
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p / 100 * sorted.length)) - 1];
}
function combineFigures(rounds) {
  const names = [...new Set(rounds.flatMap((figures) => Object.keys(figures)))];
  const combined = {};
  for (const name of names) {
    const given2 = rounds.map((figures) => figures[name]).filter((value) => value !== void 0);
    if (given2.some((value) => typeof value === "boolean")) {
      combined[name] = given2.every((value) => value === true);
      continue;
    }
    const values = given2.filter((value) => typeof value === "number");
    if (SUMMED_FIGURES.has(name)) {
      combined[name] = values.reduce((sum, value) => sum + value, 0);
      continue;
    }
    combined[name] = nearestRank(values, 50);
    combined[`${name}P95`] = nearestRank(values, 95);
    combined[`${name}Max`] = Math.max(...values);
  }
  combined.rounds = rounds.length;
  return combined;
}
function combineRounds(results, planned) {
  const [first] = results;
  if (!first) throw new Error("no rounds to combine");
  const failedIndex = results.findIndex((result) => result.status !== "pass");
  const failed = failedIndex === -1 ? void 0 : results[failedIndex];
  const last = results[results.length - 1];
  let summary;
  if (!failed) {
    summary = `all ${results.length} rounds passed (figures: p50, with P95 and Max beside them); the last: ${last.summary}`;
  } else {
    const round = failedIndex + 1;
    summary = `round ${round} of ${planned} failed: ${failed.summary}`;
    if (round > 1) summary += `; round${round > 2 ? `s 1 to ${round - 1}` : " 1"} passed`;
    if (round < planned)
      summary += `; round${planned - round > 1 ? `s ${round + 1} to ${planned}` : ` ${planned}`} did not run`;
  }
  return {
    name: first.name,
    status: failed ? "fail" : "pass",
    summary,
    durationMs: results.reduce((sum, result) => sum + result.durationMs, 0),
    figures: combineFigures(results.map((result) => result.figures)),
    notes: [
      `${results.length} of ${planned} rounds ran on the same cluster, restored whole before each; figures are p50 with P95 and Max (nearest rank) over the rounds, keysLost is their sum; each round's own figures are in the JSON report`,
      ...failed ? failed.notes.map((note) => `round ${failedIndex + 1}: ${note}`) : []
    ],
    // Rounds stop at the first failure: the files handed back are that round's.
    ...failed?.files ? { files: failed.files } : {},
    rounds: results.map((result, index) => ({
      round: index + 1,
      status: result.status,
      summary: result.summary,
      durationMs: result.durationMs,
      figures: result.figures,
      notes: result.notes
    }))
  };
}

// src/checks/failover.ts
import { setMaxListeners } from "node:events";

// src/etcd/log.ts
var ELECTED = /(?:raft\.node: )?([0-9a-f]+) elected leader ([0-9a-f]+) at term (\d+)/;
function parseLogTime(ts) {
  if (typeof ts === "number") return ts * 1e3;
  if (typeof ts !== "string") return void 0;
  const parsed = Date.parse(ts.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(parsed) ? void 0 : parsed;
}
function electionsInLog(log) {
  const entries = [];
  for (const line of log.split("\n")) {
    if (!line.includes("elected leader")) continue;
    let record;
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    const match = typeof record.msg === "string" ? ELECTED.exec(record.msg) : null;
    const timeMs = parseLogTime(record.ts);
    if (match && timeMs !== void 0) {
      entries.push({ timeMs, reporter: match[1], leader: match[2], term: Number(match[3]) });
    }
  }
  return entries;
}

// src/checks/check.ts
function defineCheck(check) {
  return check;
}
var CheckFailure = class extends Error {
  constructor(message, figures = {}, notes = []) {
    super(message);
    this.figures = figures;
    this.notes = notes;
    this.name = "CheckFailure";
  }
  figures;
  notes;
};
var NO_TARGET = "needs a target that can stop and start members; this cluster was given by its endpoints (start it with up, or give the state-dir of an up step)";
function whySkipped(check, target) {
  if (!check.stopsMembers) return void 0;
  if (!target) return NO_TARGET;
  for (const fault of check.needs) {
    const reason = unsupportedFault(target, fault);
    if (reason !== void 0) return `${reason} (this check needs to ${fault} members)`;
  }
  return void 0;
}
async function runCheck(check, ctx) {
  const started = ctx.clock.now();
  let outcome;
  try {
    const skipped2 = whySkipped(check, ctx.target);
    if (skipped2 !== void 0) outcome = { status: "skipped", summary: skipped2, figures: {}, notes: [] };
    else if (!check.stopsMembers) outcome = await check.run(ctx);
    else outcome = await check.run({ ...ctx, target: ctx.target });
  } catch (error) {
    outcome = error instanceof FaultUnsupportedError ? {
      status: "skipped",
      summary: `${error.reason} (this check needs to ${error.fault} members)`,
      figures: {},
      notes: []
    } : {
      status: "fail",
      summary: errorMessage(error),
      figures: error instanceof CheckFailure ? error.figures : {},
      notes: error instanceof CheckFailure ? error.notes : []
    };
  }
  return { name: check.name, durationMs: ctx.clock.now() - started, ...outcome };
}

// src/checks/keys.ts
var BATCH = 10;
async function writeKeys(client, endpoint, prefix, count2, timeoutMs) {
  const acknowledged = /* @__PURE__ */ new Map();
  let firstError;
  for (let start = 0; start < count2; start += BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(BATCH, count2 - start) }, async (_, offset) => {
        const key = `${prefix}${String(start + offset).padStart(5, "0")}`;
        const value = `value-${start + offset}`;
        try {
          await client.put(endpoint, key, value, { timeoutMs });
          acknowledged.set(key, value);
        } catch (error) {
          firstError ??= errorMessage(error);
        }
      })
    );
  }
  return { acknowledged, firstError };
}
async function findLostKeys(client, endpoint, prefix, acknowledged, options) {
  const found = new Map(
    (await client.range(endpoint, prefix, { ...options, prefix: true })).map((kv) => [kv.key, kv.value])
  );
  return [...acknowledged].filter(([key, value]) => found.get(key) !== value).map(([key]) => key);
}

// src/checks/leaders.ts
function waitForNewLeader(client, members, notId, wait) {
  return pollUntil(
    async () => {
      const leader = agreedLeader(await collectStatus(client, members, wait.requestTimeoutMs));
      return leader !== void 0 && leader !== notId ? leader : void 0;
    },
    {
      what: `${members.map((member) => member.name).join(", ")} to agree on a leader other than ${notId}`,
      timeoutMs: wait.timeoutMs,
      intervalMs: wait.intervalMs,
      clock: wait.clock
    }
  );
}
function waitForAgreedLeader(spec, client, wait) {
  return pollUntil(async () => await statusWithAgreedLeader(spec, client, wait.requestTimeoutMs) ?? void 0, {
    what: "every member to answer and name one leader",
    timeoutMs: wait.timeoutMs,
    intervalMs: wait.intervalMs,
    clock: wait.clock
  });
}
function highestTerm(rows) {
  return Math.max(0, ...rows.map((row) => row.status?.raftTerm ?? 0));
}

// src/checks/failover.ts
var KEYS_BEFORE_KILL = 50;
var PROBE_INTERVAL_MS = 10;
var STATUS_TIMEOUT_MS = 250;
var WRITE_ATTEMPT_TIMEOUT_MS = 1e3;
var REQUEST_TIMEOUT_MS = 5e3;
var failoverBoundMs = (electionMs) => Math.max(5e3, 20 * electionMs);
async function firstAcknowledgedWrite(client, survivors, prefix, acknowledged, deps) {
  const { clock, since, boundMs } = deps;
  const attempts = [];
  const pending = new AbortController();
  setMaxListeners(0, pending.signal);
  let firstAckMs;
  for (let i = 0; i < boundMs / PROBE_INTERVAL_MS && firstAckMs === void 0 && clock.now() - since < boundMs; i++) {
    const key = `${prefix}${String(i).padStart(5, "0")}`;
    attempts.push(
      client.put(survivors[i % survivors.length].clientUrl, key, `gap-${i}`, {
        timeoutMs: WRITE_ATTEMPT_TIMEOUT_MS,
        requireLeader: true,
        signal: pending.signal
      }).then(
        () => {
          acknowledged.set(key, `gap-${i}`);
          firstAckMs ??= clock.now() - since;
        },
        () => void 0
      )
    );
    await clock.sleep(PROBE_INTERVAL_MS);
  }
  pending.abort();
  await Promise.allSettled(attempts);
  return firstAckMs;
}
var failoverCheck = defineCheck({
  name: "failover",
  proves: "after the leader is killed the survivors elect a new one and take writes again; the old leader rejoins as a follower; no acknowledged key is lost",
  byDefault: true,
  minMembers: { count: 2, why: "a single member cannot fail over" },
  stopsMembers: true,
  needs: [],
  async run(ctx) {
    const { spec, target, client, clock, logger } = ctx;
    const prefix = `${ctx.keyPrefix}failover/`;
    const figures = {};
    const notes = [];
    const fail = (message) => new CheckFailure(message, figures, notes);
    const boundMs = failoverBoundMs(spec.timing.electionMs);
    const before = await statusWithAgreedLeader(spec, client, REQUEST_TIMEOUT_MS);
    if (!before) throw fail("the members did not agree on one leader before the leader was killed");
    const oldLeader = before.leader;
    const oldLeaderId = before.leaderId;
    figures.termBefore = highestTerm(before.rows);
    const { acknowledged, firstError } = await writeKeys(
      client,
      oldLeader.clientUrl,
      `${prefix}before/`,
      KEYS_BEFORE_KILL,
      REQUEST_TIMEOUT_MS
    );
    if (firstError) throw fail(`a write before the failover was refused: ${firstError}`);
    const survivors = spec.members.filter((member) => member !== oldLeader);
    logger.info(`killing the leader ${oldLeader.name} (${oldLeaderId}) with SIGKILL`);
    const killedAt = clock.now();
    const killedAtWall = clock.wallNow();
    await target.kill(oldLeader);
    const newLeaderWait = waitForNewLeader(client, survivors, oldLeaderId, {
      clock,
      timeoutMs: boundMs,
      intervalMs: PROBE_INTERVAL_MS,
      requestTimeoutMs: STATUS_TIMEOUT_MS
    }).then((leader) => ({ leader, ms: clock.now() - killedAt }));
    const [newLeader, writeGapMs] = await Promise.all([
      newLeaderWait.catch((error) => error),
      firstAcknowledgedWrite(client, survivors, `${prefix}gap/`, acknowledged, { clock, since: killedAt, boundMs })
    ]);
    if (newLeader instanceof Error) throw fail(newLeader.message);
    figures.newLeaderMs = roundMs(newLeader.ms);
    if (writeGapMs === void 0) throw fail(`no write was acknowledged within ${boundMs} ms of killing the leader`);
    figures.writeGapMs = roundMs(writeGapMs);
    const newLeaderMember = leaderOf(before.rows, newLeader.leader);
    notes.push(
      `${newLeaderMember?.name ?? newLeader.leader} became leader ${figures.newLeaderMs} ms after the kill; writes resumed after ${figures.writeGapMs} ms`
    );
    const logs = await Promise.all(survivors.map((member) => target.logs(member)));
    const elections = logs.flatMap(electionsInLog).filter((entry) => entry.leader === newLeader.leader && entry.timeMs >= killedAtWall - 5);
    if (elections.length > 0) {
      figures.etcdElectedMs = roundMs(Math.min(...elections.map((entry) => entry.timeMs)) - killedAtWall);
      figures.termAfter = Math.max(...elections.map((entry) => entry.term));
    } else {
      notes.push(`no "elected leader" line was found in the survivors' logs after the kill`);
    }
    const restartedAt = clock.now();
    await target.start(oldLeader);
    const rejoined = await pollUntil(
      async () => {
        const status = await client.status(oldLeader.clientUrl, { timeoutMs: STATUS_TIMEOUT_MS });
        return status.leader === newLeader.leader ? status : void 0;
      },
      {
        what: `${oldLeader.name} to rejoin and follow the new leader`,
        timeoutMs: boundMs,
        intervalMs: PROBE_INTERVAL_MS,
        clock
      }
    ).catch((error) => {
      throw fail(error.message);
    });
    figures.rejoinMs = roundMs(clock.now() - restartedAt);
    if (rejoined.isLeader) throw fail(`${oldLeader.name} came back as leader, not as a follower`);
    const leaderEndpoint = newLeaderMember?.clientUrl ?? survivors[0].clientUrl;
    const leaderIndex = (await client.status(leaderEndpoint, { timeoutMs: REQUEST_TIMEOUT_MS })).raftIndex;
    await waitForApplied(client, oldLeader, leaderIndex, {
      clock,
      timeoutMs: boundMs,
      intervalMs: PROBE_INTERVAL_MS,
      requestTimeoutMs: STATUS_TIMEOUT_MS
    }).catch((error) => {
      throw fail(error.message);
    });
    figures.catchUpMs = roundMs(clock.now() - restartedAt);
    figures.keysAcknowledged = acknowledged.size;
    const lost = await findLostKeys(client, leaderEndpoint, prefix, acknowledged, { timeoutMs: REQUEST_TIMEOUT_MS });
    const lostOnRejoined = await findLostKeys(client, oldLeader.clientUrl, prefix, acknowledged, {
      timeoutMs: REQUEST_TIMEOUT_MS,
      serializable: true
    });
    figures.keysLost = lost.length;
    if (lost.length > 0)
      throw fail(
        `${lost.length} acknowledged keys are missing after the failover, e.g. ${lost.slice(0, 3).join(", ")}`
      );
    if (lostOnRejoined.length > 0) {
      throw fail(
        `${oldLeader.name} rejoined but lacks ${lostOnRejoined.length} acknowledged keys, e.g. ${lostOnRejoined.slice(0, 3).join(", ")}`
      );
    }
    await waitForHealthyCluster(spec, target, client, { clock });
    return {
      status: "pass",
      summary: `killed leader ${oldLeader.name}; ${newLeaderMember?.name ?? newLeader.leader} led after ${figures.newLeaderMs} ms, writes resumed after ${figures.writeGapMs} ms; ${oldLeader.name} rejoined as a follower in ${figures.rejoinMs} ms; all ${acknowledged.size} acknowledged keys intact`,
      figures,
      notes
    };
  }
});

// src/checks/history.ts
import { randomBytes as randomBytes2 } from "node:crypto";

// src/etcd/client.ts
import { createWriteStream } from "node:fs";
import { readFile as readFile6, rm as rm3 } from "node:fs/promises";
import { pipeline } from "node:stream/promises";

// src/etcd/proto.ts
var WIRE_VARINT = 0;
var WIRE_64BIT = 1;
var WIRE_BYTES = 2;
var WIRE_32BIT = 5;
var ProtoWriter = class {
  parts = [];
  varint(value) {
    const bytes = [];
    let rest = BigInt.asUintN(64, value);
    while (rest >= 0x80n) {
      bytes.push(Number(rest & 0x7fn | 0x80n));
      rest >>= 7n;
    }
    bytes.push(Number(rest));
    this.parts.push(Buffer.from(bytes));
  }
  tag(field, wire) {
    this.varint(BigInt(field << 3 | wire));
  }
  bytes(field, value) {
    if (value === void 0) return this;
    const buffer = typeof value === "string" ? Buffer.from(value, "utf8") : value;
    if (buffer.length === 0) return this;
    this.tag(field, WIRE_BYTES);
    this.varint(BigInt(buffer.length));
    this.parts.push(buffer);
    return this;
  }
  uint64(field, value) {
    if (!value) return this;
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }
  bool(field, value) {
    if (!value) return this;
    this.tag(field, WIRE_VARINT);
    this.varint(1n);
    return this;
  }
  finish() {
    return Buffer.concat(this.parts);
  }
};
function readFields(buffer) {
  const fields = /* @__PURE__ */ new Map();
  let offset = 0;
  const readVarint = () => {
    let result = 0n;
    let shift = 0n;
    for (; ; ) {
      if (offset >= buffer.length) throw new Error("truncated protobuf varint");
      const byte = buffer[offset++];
      result |= BigInt(byte & 127) << shift;
      if ((byte & 128) === 0) return result;
      shift += 7n;
    }
  };
  while (offset < buffer.length) {
    const tag = Number(readVarint());
    const field = tag >>> 3;
    const wire = tag & 7;
    let value;
    if (wire === WIRE_VARINT) value = readVarint();
    else if (wire === WIRE_BYTES) {
      const length = Number(readVarint());
      if (offset + length > buffer.length) throw new Error("truncated protobuf field");
      value = buffer.subarray(offset, offset + length);
      offset += length;
    } else if (wire === WIRE_64BIT) {
      value = buffer.readBigUInt64LE(offset);
      offset += 8;
    } else if (wire === WIRE_32BIT) {
      value = BigInt(buffer.readUInt32LE(offset));
      offset += 4;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
    const list = fields.get(field) ?? [];
    list.push(value);
    fields.set(field, list);
  }
  return fields;
}
var asBigInt = (values) => {
  const value = values?.[values.length - 1];
  return typeof value === "bigint" ? value : 0n;
};
var asNumber = (values) => Number(BigInt.asIntN(64, asBigInt(values)));
var asBuffer = (values) => {
  const value = values?.[values.length - 1];
  return Buffer.isBuffer(value) ? value : Buffer.alloc(0);
};
var asBuffers = (values) => (values ?? []).filter((value) => Buffer.isBuffer(value));
function decodeHeader(buffer) {
  const fields = readFields(buffer);
  return {
    clusterId: asBigInt(fields.get(1)),
    memberId: asBigInt(fields.get(2)),
    revision: asNumber(fields.get(3)),
    raftTerm: asNumber(fields.get(4))
  };
}
function encodeRangeRequest(request2) {
  return new ProtoWriter().bytes(1, request2.key).bytes(2, request2.rangeEnd).bool(7, request2.serializable).finish();
}
function decodeRangeResponse(buffer) {
  const fields = readFields(buffer);
  return {
    header: decodeHeader(asBuffer(fields.get(1))),
    kvs: asBuffers(fields.get(2)).map((kv) => {
      const kvFields = readFields(kv);
      return {
        key: asBuffer(kvFields.get(1)),
        value: asBuffer(kvFields.get(5)),
        modRevision: asNumber(kvFields.get(3))
      };
    })
  };
}
function encodePutRequest(request2) {
  return new ProtoWriter().bytes(1, request2.key).bytes(2, request2.value).finish();
}
function encodeDeleteRangeRequest(request2) {
  return new ProtoWriter().bytes(1, request2.key).bytes(2, request2.rangeEnd).finish();
}
function decodeWriteResponse(buffer) {
  const fields = readFields(buffer);
  return { header: decodeHeader(asBuffer(fields.get(1))), deleted: asNumber(fields.get(2)) };
}
function decodeStatusResponse(buffer) {
  const fields = readFields(buffer);
  return {
    header: decodeHeader(asBuffer(fields.get(1))),
    version: asBuffer(fields.get(2)).toString("utf8"),
    dbSize: asNumber(fields.get(3)),
    leader: asBigInt(fields.get(4)),
    raftIndex: asNumber(fields.get(5)),
    raftTerm: asNumber(fields.get(6)),
    raftAppliedIndex: asNumber(fields.get(7)),
    errors: asBuffers(fields.get(8)).map((error) => error.toString("utf8")),
    dbSizeInUse: asNumber(fields.get(9)),
    isLearner: asBigInt(fields.get(10)) !== 0n
  };
}
function decodeMember(buffer) {
  const fields = readFields(buffer);
  return {
    id: asBigInt(fields.get(1)),
    name: asBuffer(fields.get(2)).toString("utf8"),
    peerUrls: asBuffers(fields.get(3)).map((url) => url.toString("utf8")),
    clientUrls: asBuffers(fields.get(4)).map((url) => url.toString("utf8")),
    isLearner: asBigInt(fields.get(5)) !== 0n
  };
}
function encodeMemberAddRequest(request2) {
  const writer = new ProtoWriter();
  for (const url of request2.peerUrls) writer.bytes(1, url);
  return writer.bool(2, request2.isLearner).finish();
}
function decodeMemberAddResponse(buffer) {
  const fields = readFields(buffer);
  return {
    header: decodeHeader(asBuffer(fields.get(1))),
    member: decodeMember(asBuffer(fields.get(2))),
    members: asBuffers(fields.get(3)).map(decodeMember)
  };
}
function encodeMemberIdRequest(id) {
  return new ProtoWriter().uint64(1, id).finish();
}
function encodeMemberListRequest(request2) {
  return new ProtoWriter().bool(1, request2.linearizable).finish();
}
function decodeMembersResponse(buffer) {
  const fields = readFields(buffer);
  return { header: decodeHeader(asBuffer(fields.get(1))), members: asBuffers(fields.get(2)).map(decodeMember) };
}
function decodeSnapshotResponse(buffer) {
  const fields = readFields(buffer);
  return { remainingBytes: asNumber(fields.get(2)), blob: asBuffer(fields.get(3)) };
}

// src/etcd/client.ts
var clusterMember = (raw) => ({
  id: idToHex(raw.id),
  name: raw.name,
  peerUrls: raw.peerUrls,
  clientUrls: raw.clientUrls,
  isLearner: raw.isLearner
});
var idFromHex = (id) => BigInt(`0x${id}`);
var EtcdRequestError = class extends Error {
  constructor(endpoint, operation, message, grpcCode, timedOut = false) {
    super(`${operation} on ${endpoint}: ${message}`);
    this.endpoint = endpoint;
    this.operation = operation;
    this.grpcCode = grpcCode;
    this.timedOut = timedOut;
    this.name = "EtcdRequestError";
  }
  endpoint;
  operation;
  grpcCode;
  timedOut;
};
async function readClientTls(files) {
  const [ca, cert, key] = await Promise.all([
    readFile6(files.ca, "utf8"),
    readFile6(files.cert, "utf8"),
    readFile6(files.key, "utf8")
  ]);
  return { ca, cert, key };
}
var idToHex = (id) => id.toString(16);
function prefixRangeEnd(prefix) {
  const bytes = Buffer.from(prefix, "utf8");
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i] < 255) {
      const end = Buffer.from(bytes.subarray(0, i + 1));
      end[i] += 1;
      return end;
    }
  }
  return Buffer.from([0]);
}
var passThrough = (value) => value;
var CHANNEL_OPTIONS = {
  "grpc.initial_reconnect_backoff_ms": 20,
  "grpc.max_reconnect_backoff_ms": 100,
  "grpc.min_reconnect_backoff_ms": 20
};
var EtcdClient = class _EtcdClient {
  constructor(grpc, tls, serverNames) {
    this.grpc = grpc;
    this.serverNames = serverNames;
    this.credentials = grpc.credentials.createSsl(Buffer.from(tls.ca), Buffer.from(tls.key), Buffer.from(tls.cert));
  }
  grpc;
  serverNames;
  channels = /* @__PURE__ */ new Map();
  credentials;
  /**
   * A client presenting `tls`. gRPC is loaded here, not when the program starts, so commands that
   * talk to no cluster start without it.
   * @param serverNames the name to verify each endpoint's certificate against (a DNS SAN); endpoints
   *   not listed are verified against their host. TLS forbids IP addresses as server names.
   */
  static async create(tls, serverNames = /* @__PURE__ */ new Map()) {
    const grpc = await import("./src-Y4LJCPFX.js");
    return new _EtcdClient(grpc.default ?? grpc, tls, serverNames);
  }
  /**
   * Verifies `endpoint`'s certificate against `serverName` (a DNS SAN) from now on, as for the
   * endpoints named at creation: for members that join later (TLS takes no IP address as a server name).
   */
  verifyAs(endpoint, serverName) {
    if (this.serverNames.get(endpoint) === serverName) return;
    this.serverNames.set(endpoint, serverName);
    this.channels.get(endpoint)?.close();
    this.channels.delete(endpoint);
  }
  /** Closes every channel. */
  close() {
    for (const channel of this.channels.values()) channel.close();
    this.channels.clear();
  }
  channel(endpoint) {
    let channel = this.channels.get(endpoint);
    if (!channel) {
      const url = new URL(endpoint);
      const serverName = this.serverNames.get(endpoint);
      const options = serverName ? { ...CHANNEL_OPTIONS, "grpc.ssl_target_name_override": serverName } : CHANNEL_OPTIONS;
      const credentials = url.protocol === "http:" ? this.grpc.credentials.createInsecure() : this.credentials;
      channel = new this.grpc.Client(url.host, credentials, options);
      this.channels.set(endpoint, channel);
    }
    return channel;
  }
  /** The error etcd's answer `error` means, as thrown by every call (a timed-out call also drops its channel). */
  requestError(endpoint, channel, operation, error, timeoutMs) {
    const timedOut = error.code === this.grpc.status.DEADLINE_EXCEEDED;
    if (timedOut && this.channels.get(endpoint) === channel) {
      this.channels.delete(endpoint);
      channel.close();
    }
    const message = timedOut ? `no answer within ${timeoutMs} ms` : error.details || error.message;
    return new EtcdRequestError(endpoint, operation, message, error.code, timedOut);
  }
  /** Sends one unary call (`/etcdserverpb.KV/Range` and so on) and returns the raw answer. */
  call(endpoint, method, request2, options) {
    const operation = method.split("/").pop() ?? method;
    const metadata = new this.grpc.Metadata();
    if (options.requireLeader) metadata.set("hasleader", "true");
    const channel = this.channel(endpoint);
    return new Promise((resolve, reject) => {
      const cancel = () => call.cancel();
      const call = channel.makeUnaryRequest(
        method,
        passThrough,
        passThrough,
        request2,
        metadata,
        { deadline: Date.now() + options.timeoutMs },
        (error, response) => {
          options.signal?.removeEventListener("abort", cancel);
          if (error) reject(this.requestError(endpoint, channel, operation, error, options.timeoutMs));
          else resolve(response);
        }
      );
      if (options.signal?.aborted) call.cancel();
      else options.signal?.addEventListener("abort", cancel, { once: true });
    });
  }
  /** `etcdctl endpoint status` for one endpoint. */
  async status(endpoint, options) {
    const answer = decodeStatusResponse(
      await this.call(endpoint, "/etcdserverpb.Maintenance/Status", Buffer.alloc(0), options)
    );
    const id = idToHex(answer.header.memberId);
    const leader = answer.leader === 0n ? void 0 : idToHex(answer.leader);
    return {
      endpoint,
      id,
      version: answer.version,
      dbSize: answer.dbSize,
      dbSizeInUse: answer.dbSizeInUse,
      leader,
      isLeader: leader === id,
      isLearner: answer.isLearner,
      raftTerm: answer.raftTerm,
      raftIndex: answer.raftIndex,
      raftAppliedIndex: answer.raftAppliedIndex,
      errors: answer.errors
    };
  }
  /** Writes a key; resolves with the revision of the write once etcd acknowledged it. */
  async put(endpoint, key, value, options) {
    const request2 = encodePutRequest({ key: Buffer.from(key), value: Buffer.from(value) });
    return decodeWriteResponse(await this.call(endpoint, "/etcdserverpb.KV/Put", request2, options)).header.revision;
  }
  /** Reads one key, or every key under a prefix; linearizable unless `serializable`. */
  async range(endpoint, key, options) {
    const request2 = encodeRangeRequest({
      key: Buffer.from(key),
      rangeEnd: options.prefix ? prefixRangeEnd(key) : void 0,
      serializable: options.serializable
    });
    const answer = decodeRangeResponse(await this.call(endpoint, "/etcdserverpb.KV/Range", request2, options));
    return answer.kvs.map((kv) => ({
      key: kv.key.toString("utf8"),
      value: kv.value.toString("utf8"),
      modRevision: kv.modRevision
    }));
  }
  /** Deletes every key under a prefix; resolves with how many were deleted. */
  async deletePrefix(endpoint, prefix, options) {
    const request2 = encodeDeleteRangeRequest({ key: Buffer.from(prefix), rangeEnd: prefixRangeEnd(prefix) });
    return decodeWriteResponse(await this.call(endpoint, "/etcdserverpb.KV/DeleteRange", request2, options)).deleted;
  }
  /**
   * `etcdctl endpoint health`: a linearizable read of the key "health" answers (etcdctl counts a
   * permission error as healthy too, since it proves the member served the request). A member with no
   * leader is refused at once rather than after etcd's request timeout.
   */
  async health(endpoint, options) {
    try {
      await this.range(endpoint, "health", { ...options, requireLeader: true });
    } catch (error) {
      if (error instanceof EtcdRequestError && /permission denied/i.test(error.message)) return;
      throw error;
    }
  }
  /** The store's revision as the member answers a linearizable read (the revision of the newest write). */
  async revision(endpoint, options) {
    const request2 = encodeRangeRequest({ key: Buffer.from("health") });
    return decodeRangeResponse(await this.call(endpoint, "/etcdserverpb.KV/Range", request2, options)).header.revision;
  }
  /** `etcdctl member list`: every member, learners too (linearizable where etcd offers it, 3.5 and later). */
  async memberList(endpoint, options) {
    const answer = await this.call(
      endpoint,
      "/etcdserverpb.Cluster/MemberList",
      encodeMemberListRequest({ linearizable: true }),
      options
    );
    return decodeMembersResponse(answer).members.map(clusterMember);
  }
  /** `etcdctl member add [--learner]`: resolves with the new member (no name yet) and every member after the add. */
  async memberAdd(endpoint, peerUrls, options) {
    const answer = decodeMemberAddResponse(
      await this.call(
        endpoint,
        "/etcdserverpb.Cluster/MemberAdd",
        encodeMemberAddRequest({ peerUrls, isLearner: options.isLearner }),
        options
      )
    );
    return { member: clusterMember(answer.member), members: answer.members.map(clusterMember) };
  }
  /** `etcdctl member promote`: makes a learner a voting member; etcd refuses one that has not caught up with the leader. */
  async memberPromote(endpoint, id, options) {
    const answer = await this.call(
      endpoint,
      "/etcdserverpb.Cluster/MemberPromote",
      encodeMemberIdRequest(idFromHex(id)),
      options
    );
    return decodeMembersResponse(answer).members.map(clusterMember);
  }
  /** `etcdctl member remove`: resolves with every member after the removal. */
  async memberRemove(endpoint, id, options) {
    const answer = await this.call(
      endpoint,
      "/etcdserverpb.Cluster/MemberRemove",
      encodeMemberIdRequest(idFromHex(id)),
      options
    );
    return decodeMembersResponse(answer).members.map(clusterMember);
  }
  /** `etcdctl move-leader`: the leader (`endpoint` must be it) hands its leadership to the member `targetId`. */
  async moveLeader(endpoint, targetId, options) {
    await this.call(
      endpoint,
      "/etcdserverpb.Maintenance/MoveLeader",
      encodeMemberIdRequest(idFromHex(targetId)),
      options
    );
  }
  /**
   * `etcdctl snapshot save`: streams the member's backend into `file` (0600) as etcd sends it, the
   * SHA-256 etcd appends included, and verifies that hash; a damaged or cut stream leaves no file.
   */
  async snapshot(endpoint, file, options) {
    const channel = this.channel(endpoint);
    const call = channel.makeServerStreamRequest(
      "/etcdserverpb.Maintenance/Snapshot",
      passThrough,
      passThrough,
      Buffer.alloc(0),
      new this.grpc.Metadata(),
      {
        deadline: Date.now() + options.timeoutMs
      }
    );
    const cancel = () => call.cancel();
    if (options.signal?.aborted) call.cancel();
    else options.signal?.addEventListener("abort", cancel, { once: true });
    const hash = new SnapshotHash();
    try {
      await pipeline(
        call,
        async function* (messages) {
          for await (const message of messages) {
            const { blob } = decodeSnapshotResponse(message);
            hash.update(blob);
            yield blob;
          }
        },
        createWriteStream(file, { mode: 384 })
      );
      hash.verify();
      return { bytes: hash.bytes };
    } catch (error) {
      await rm3(file, { force: true });
      const grpcError = error;
      if (typeof grpcError.code === "number" && "details" in grpcError)
        throw this.requestError(endpoint, channel, "Snapshot", error, options.timeoutMs);
      throw error;
    } finally {
      options.signal?.removeEventListener("abort", cancel);
    }
  }
};

// src/history/format.ts
var ORDER_TAIL = 5;
var STUCK_SHOWN = 20;
var count = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
function describeOperation(operation) {
  const what = operation.f === "put" ? `put ${JSON.stringify(operation.key)} ${JSON.stringify(operation.value)}` : `get ${JSON.stringify(operation.key)} -> ${JSON.stringify(operation.value)}`;
  const returned = operation.returnTime === Infinity ? "outcome unknown" : `returned ${operation.returnTime}`;
  const lines = operation.completeLine === void 0 ? `line ${operation.invokeLine}` : `lines ${operation.invokeLine}, ${operation.completeLine}`;
  return `process ${operation.process}  ${what}  invoked ${operation.invokeTime}, ${returned}  (${lines})`;
}
function renderHistoryText(result) {
  const { summary } = result;
  const operations = count(summary.operations, "operation");
  const counts = `${operations} (${summary.ok} ok, ${summary.failed} failed, ${summary.unknown} unknown outcome) on ${count(summary.keys, "key")} by ${count(summary.processes, "process", "processes")}`;
  const lines = [
    `${result.verdict.replace("-", " ")}: ${counts}; ${summary.checked} to order, ${count(summary.steps, "search step")}`
  ];
  if (!result.ok) {
    for (const failure of result.failures) lines.push("", ...failureText(failure));
    if (result.verdict === "undecided") lines.push("", "an undecided history is not a pass");
  }
  return `${lines.join("\n")}
`;
}
function failureText(failure) {
  const key = JSON.stringify(failure.key);
  const read = failure.operations[0]?.value;
  switch (failure.cause) {
    case "never-written":
      return [
        `key ${key}: not linearizable: a get read ${JSON.stringify(read)}, which no put on this key wrote (failed puts do not count)`,
        `  ${describeOperation(failure.operations[0])}`
      ];
    case "written-later":
      return [
        `key ${key}: not linearizable: a get read ${JSON.stringify(read)}, which only puts invoked after it completed wrote`,
        `  ${describeOperation(failure.operations[0])}`
      ];
    case "no-order":
    case "budget":
    case "memory": {
      const undecided = `without finding an order of its ${failure.checked} operations or proving there is none`;
      const head = failure.cause === "no-order" ? `key ${key}: not linearizable: no order of its ${failure.checked} operations explains every result` : failure.cause === "budget" ? `key ${key}: undecided: the search stopped after ${count(failure.steps, "step")} ${undecided}` : `key ${key}: undecided: the search stopped at its memory budget, after ${count(failure.steps, "step")}, ${undecided}`;
      const order = failure.linearized;
      const tail2 = order.slice(-ORDER_TAIL);
      const lines = [head];
      lines.push(
        order.length === 0 ? "  the search could order none of them;" : `  the furthest the search got: ${order.length} operations in an order that explains their results, the last ${tail2.length}:`
      );
      for (const operation of tail2) lines.push(`    ${describeOperation(operation)}`);
      const next = failure.cause === "no-order" ? "one of these has to come next, and none can" : "one of these has to come next";
      const held = `  then the register holds ${JSON.stringify(failure.state)}`;
      lines.push(failure.operations.length === 0 ? held : `${held}; ${next}:`);
      for (const operation of failure.operations.slice(0, STUCK_SHOWN))
        lines.push(`    ${describeOperation(operation)}`);
      if (failure.operations.length > STUCK_SHOWN)
        lines.push(`    ... and ${failure.operations.length - STUCK_SHOWN} more`);
      return lines;
    }
  }
}
function operationJson(operation) {
  return {
    process: operation.process,
    f: operation.f,
    key: operation.key,
    value: operation.value,
    outcome: operation.outcome,
    invokeTime: operation.invokeTime,
    returnTime: operation.returnTime === Infinity ? null : operation.returnTime,
    invokeLine: operation.invokeLine,
    completeLine: operation.completeLine ?? null
  };
}
function historyJson(result) {
  return {
    schemaVersion: 1,
    verdict: result.verdict,
    summary: { ...result.summary },
    failures: result.ok ? [] : result.failures.map((failure) => ({
      key: failure.key,
      verdict: failure.verdict,
      cause: failure.cause,
      operations: failure.operations.map(operationJson),
      linearized: failure.linearized.length,
      lastLinearized: failure.linearized.slice(-ORDER_TAIL).map(operationJson),
      state: failure.state,
      checked: failure.checked,
      steps: failure.steps
    }))
  };
}

// src/checks/history.ts
var HISTORY_CLIENTS = 5;
var HISTORY_KEYS = 5;
var POLL_MS = 10;
var STATUS_TIMEOUT_MS2 = 250;
var REQUEST_TIMEOUT_MS2 = 5e3;
var MAX_OPERATIONS_PER_CLIENT = 2e4;
var FINAL_READ_ATTEMPTS = 3;
var REFUSED_BEFORE_PROPOSAL = [
  /: etcdserver: no leader$/,
  /: raft proposal dropped$/,
  /: etcdserver: too many requests$/
];
function outcomeOfError(error) {
  if (!(error instanceof EtcdRequestError) || error.timedOut || error.grpcCode === void 0) return "info";
  return REFUSED_BEFORE_PROPOSAL.some((pattern) => pattern.test(error.message)) ? "fail" : "info";
}
var HistoryRecorder = class {
  constructor(clock) {
    this.clock = clock;
    this.start = clock.now();
  }
  clock;
  events = [];
  start;
  record(event) {
    const time = Math.round((this.clock.now() - this.start) * 1e3) / 1e3;
    this.events.push({ ...event, time, line: this.events.length + 1 });
  }
  /** The events as JSON lines, as `etcd-ha history check` reads them. */
  toJsonLines() {
    return this.events.map(({ line: _line, ...event }) => JSON.stringify(event)).join("\n") + "\n";
  }
};
async function recordOperation(client, recorder, operation) {
  const { process: process2, endpoint, f, key, value, timeoutMs } = operation;
  const options = { timeoutMs, requireLeader: true };
  recorder.record(
    f === "put" ? { process: process2, type: "invoke", f, key, value } : { process: process2, type: "invoke", f, key, value: null }
  );
  try {
    if (f === "put") {
      await client.put(endpoint, key, value ?? "", options);
      recorder.record({ process: process2, type: "ok", f, key, value });
    } else {
      const [found] = await client.range(endpoint, key, options);
      recorder.record({ process: process2, type: "ok", f, key, value: found?.value ?? null });
    }
    return "ok";
  } catch (error) {
    const type = outcomeOfError(error);
    recorder.record(f === "put" ? { process: process2, type, f, key, value } : { process: process2, type, f, key });
    return type;
  }
}
async function runClient(ctx, recorder, process2, keys, stopped, timeoutMs) {
  const members = ctx.spec.members;
  let at2 = process2 % members.length;
  for (let sequence = 0; sequence < MAX_OPERATIONS_PER_CLIENT && !stopped(); sequence++) {
    const key = keys[Math.floor(Math.random() * keys.length)];
    const f = Math.random() < 0.5 ? "put" : "get";
    const outcome = await recordOperation(ctx.client, recorder, {
      process: process2,
      endpoint: members[at2].clientUrl,
      f,
      key,
      value: `c${process2}-${sequence}`,
      timeoutMs
    });
    if (outcome !== "ok") at2 = (at2 + 1) % members.length;
  }
}
var FAULTS = [
  {
    name: "killed and restarted",
    inject: (ctx, leader) => ctx.target.kill(leader),
    undo: (ctx, leader) => ctx.target.start(leader)
  },
  {
    name: "cut off from its peers and healed",
    needs: "isolate",
    inject: (ctx, leader) => ctx.target.isolate(
      [leader],
      ctx.spec.members.filter((member) => member !== leader)
    ),
    undo: (ctx) => ctx.target.heal()
  },
  {
    name: "paused and resumed",
    needs: "pause",
    inject: (ctx, leader) => ctx.target.pause(leader),
    undo: (ctx, leader) => ctx.target.resume(leader)
  }
];
async function injectFaults(ctx, wait, holdMs, done) {
  const { spec, client, clock, logger, target } = ctx;
  for (const fault of FAULTS) {
    const reason = fault.needs ? unsupportedFault(target, fault.needs) : void 0;
    if (reason !== void 0) {
      done.skipped.push(`the leader was not ${fault.name}: ${reason}`);
      continue;
    }
    const before = await waitForAgreedLeader(spec, client, wait);
    logger.info(`history: the leader ${before.leader.name} is ${fault.name}`);
    await fault.inject(ctx, before.leader);
    done.injected.push(`leader ${before.leader.name} ${fault.name}`);
    await waitForNewLeader(
      client,
      spec.members.filter((member) => member !== before.leader),
      before.leaderId,
      wait
    );
    await clock.sleep(holdMs);
    await fault.undo(ctx, before.leader);
    await waitForAgreedLeader(spec, client, wait);
    await clock.sleep(holdMs);
  }
}
async function makeWhole(ctx) {
  const { target, spec } = ctx;
  if (target.faults.isolate.supported) await target.heal();
  for (const member of spec.members) {
    if (target.faults.pause.supported) await target.resume(member);
    if (!await target.isRunning(member)) await target.start(member);
  }
  await waitForHealthyCluster(spec, target, ctx.client, { clock: ctx.clock });
}
function historyFiles(runId, recorder, verdict) {
  return [
    { name: `etcd-ha-history-${runId}.jsonl`, content: recorder.toJsonLines() },
    { name: `etcd-ha-history-${runId}.txt`, content: verdict }
  ];
}
var historyCheck = defineCheck({
  name: "history",
  proves: "concurrent puts and gets while the leader is killed and restarted (and cut off, and paused, where the target can) form a linearizable history: no acknowledged write is lost, no read is stale",
  byDefault: false,
  minMembers: { count: 3, why: "the faults need a majority that survives the leader" },
  stopsMembers: true,
  needs: [],
  uses: FAULTS.flatMap((fault) => fault.needs ? [fault.needs] : []),
  async run(ctx) {
    const { spec, client, clock, logger } = ctx;
    const figures = { clients: HISTORY_CLIENTS, keys: HISTORY_KEYS };
    const notes = [];
    const wait = {
      clock,
      timeoutMs: failoverBoundMs(spec.timing.electionMs),
      intervalMs: POLL_MS,
      requestTimeoutMs: STATUS_TIMEOUT_MS2
    };
    const holdMs = 2 * spec.timing.electionMs;
    const operationTimeoutMs = Math.max(1e3, 2 * spec.timing.electionMs);
    const keysPrefix = `${ctx.keyPrefix}history/${randomBytes2(4).toString("hex")}/`;
    const keys = Array.from({ length: HISTORY_KEYS }, (_, index) => `${keysPrefix}k${index}`);
    const recorder = new HistoryRecorder(clock);
    const faults = { injected: [], skipped: [] };
    let faultError;
    const loadStarted = clock.now();
    let stopped = false;
    const clients = Array.from(
      { length: HISTORY_CLIENTS },
      (_, process2) => runClient(ctx, recorder, process2, keys, () => stopped, operationTimeoutMs)
    );
    try {
      await clock.sleep(holdMs);
      await injectFaults(ctx, wait, holdMs, faults);
    } catch (error) {
      faultError = errorMessage(error);
    } finally {
      stopped = true;
      await Promise.all(clients);
    }
    figures.loadMs = roundMs(clock.now() - loadStarted);
    figures.faults = faults.injected.length;
    notes.push(`faults: ${faults.injected.join("; ") || "none"}`, ...faults.skipped);
    let whole = true;
    try {
      await makeWhole(ctx);
    } catch (error) {
      whole = false;
      faultError ??= `the cluster was not whole again after the faults: ${errorMessage(error)}`;
    }
    const leader = whole ? await waitForAgreedLeader(spec, client, wait).catch(() => void 0) : void 0;
    const unread = [];
    for (const [index, key] of keys.entries()) {
      let outcome = "skipped";
      for (let attempt = 0; leader && attempt < FINAL_READ_ATTEMPTS && outcome !== "ok"; attempt++) {
        outcome = await recordOperation(client, recorder, {
          process: HISTORY_CLIENTS + index,
          endpoint: leader.leader.clientUrl,
          f: "get",
          key,
          timeoutMs: REQUEST_TIMEOUT_MS2
        });
      }
      if (outcome !== "ok") unread.push(key);
    }
    const checkStarted = clock.now();
    const result = checkHistory(recorder.events);
    figures.checkMs = roundMs(clock.now() - checkStarted);
    figures.operations = result.summary.operations;
    figures.operationsOk = result.summary.ok;
    figures.operationsFailed = result.summary.failed;
    figures.operationsUnknown = result.summary.unknown;
    figures.linearizable = result.ok;
    const counted = `${result.summary.operations} operations by ${HISTORY_CLIENTS} clients on ${HISTORY_KEYS} keys (${result.summary.ok} ok, ${result.summary.failed} refused, ${result.summary.unknown} unknown outcome)`;
    const faultsSaid = `${faults.injected.length} faults`;
    const faultList = faults.injected.map((fault) => fault.replace(/^leader \S+ /, "")).join("; ");
    let failure;
    if (!result.ok) {
      const first = result.operations[0];
      failure = `the history is ${result.verdict.replace("-", " ")}: ${counted} under ${faultsSaid}; key ${result.key}` + (first ? `, e.g. ${describeOperation(first)}` : "");
    } else if (faultError !== void 0) {
      failure = `a fault did not play out: ${faultError}`;
    } else if (unread.length > 0) {
      failure = `the final read of ${unread.join(", ")} did not answer, so its last acknowledged write is unverified`;
    }
    if (failure === void 0) {
      return {
        status: "pass",
        summary: `${counted} under ${faultsSaid} of the leader (${faultList}): linearizable; every key read back its last acknowledged write`,
        figures,
        notes
      };
    }
    const files = historyFiles(spec.runId, recorder, renderHistoryText(result));
    notes.push(
      `the history and the checker's verdict are saved beside the report as ${files.map((file) => file.name).join(" and ")}; \`etcd-ha history check ${files[0].name}\` checks it again`
    );
    logger.warning(`history: ${failure}`);
    return { status: "fail", summary: failure, figures, notes, files };
  }
});

// src/checks/spare-members.ts
import { constants as constants3 } from "node:fs";
import { access as access4, rm as rm4 } from "node:fs/promises";
import path9 from "node:path";

// src/pki/cluster-pki.ts
import { chmod, mkdir as mkdir2, readFile as readFile7 } from "node:fs/promises";
import path8 from "node:path";
import { isIP as isIP4 } from "node:net";

// src/pki/generate.ts
import {
  createHash as createHash3,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  randomBytes as randomBytes3,
  sign,
  X509Certificate
} from "node:crypto";
import { promisify } from "node:util";
var asn1Modules;
var unwrap = (loaded, name) => name in loaded ? loaded : loaded.default;
var loadAsn1 = () => asn1Modules ??= Promise.all([import("./cjs-DAI4WIXT.js"), import("./cjs-BXPXNW55.js")]).then(
  ([x509, schema]) => ({ x509: unwrap(x509, "Certificate"), schema: unwrap(schema, "AsnConvert") })
);
var generate = promisify(generateKeyPair);
function preloadX509() {
  loadAsn1().catch(() => void 0);
}
var DAY_MS = 24 * 60 * 60 * 1e3;
function randomSerial() {
  const bytes = randomBytes3(16);
  bytes[0] &= 127;
  bytes[0] |= 1;
  return bytes.toString("hex");
}
async function newKey(algorithm) {
  const parameters = KEY_PARAMETERS[algorithm];
  const { publicKey, privateKey } = parameters.type === "ec" ? await generate("ec", { namedCurve: parameters.namedCurve }) : await generate("rsa", { modulusLength: parameters.modulusLength });
  return {
    algorithm,
    keyPem: privateKey.export({ type: parameters.type === "ec" ? "sec1" : "pkcs1", format: "pem" }),
    privateKey,
    spki: publicKey.export({ type: "spki", format: "der" })
  };
}
function signatureAlgorithm(asn1, algorithm) {
  const parameters = KEY_PARAMETERS[algorithm];
  if (parameters.type === "rsa")
    return new asn1.x509.AlgorithmIdentifier({ algorithm: "1.2.840.113549.1.1.11", parameters: null });
  return new asn1.x509.AlgorithmIdentifier({
    algorithm: parameters.hash === "SHA-384" ? "1.2.840.10045.4.3.3" : "1.2.840.10045.4.3.2"
  });
}
function nodeHash(algorithm) {
  return KEY_PARAMETERS[algorithm].hash === "SHA-384" ? "sha384" : "sha256";
}
function keyUsages(asn1, algorithm, isCa) {
  const { KeyUsageFlags } = asn1.x509;
  let usages = KeyUsageFlags.digitalSignature;
  if (KEY_PARAMETERS[algorithm].type === "rsa") usages |= KeyUsageFlags.keyEncipherment;
  if (isCa) usages |= KeyUsageFlags.keyCertSign;
  return usages;
}
function validity(now, days) {
  return { notBefore: new Date(now.getTime() - 6e4), notAfter: new Date(now.getTime() + days * DAY_MS) };
}
function distinguishedName(asn1, names) {
  const { Name, RelativeDistinguishedName, AttributeTypeAndValue, AttributeValue } = asn1.x509;
  const attribute = (type, value) => new RelativeDistinguishedName([
    new AttributeTypeAndValue({
      type,
      value: new AttributeValue(
        /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value) ? { printableString: value } : { utf8String: value }
      )
    })
  ]);
  return new Name([
    ...names.organization ? [attribute("2.5.4.10", names.organization)] : [],
    attribute("2.5.4.3", names.commonName)
  ]);
}
function extension(asn1, extnID, critical, value) {
  return new asn1.x509.Extension({
    extnID,
    critical,
    extnValue: new asn1.schema.OctetString(asn1.schema.AsnConvert.serialize(value))
  });
}
function keyIdentifierOf(asn1, spki) {
  const info = asn1.schema.AsnConvert.parse(spki, asn1.x509.SubjectPublicKeyInfo);
  return createHash3("sha1").update(Buffer.from(info.subjectPublicKey)).digest("hex");
}
function certificatePem(der) {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return ["-----BEGIN CERTIFICATE-----", ...lines, "-----END CERTIFICATE-----"].join("\n");
}
function signCertificate(asn1, fields, signer) {
  const { x509, schema } = asn1;
  const signatureAlgorithmId = signatureAlgorithm(asn1, signer.algorithm);
  const tbsCertificate = new x509.TBSCertificate({
    version: x509.Version.v3,
    serialNumber: new Uint8Array(Buffer.from(randomSerial(), "hex")).buffer,
    signature: signatureAlgorithmId,
    issuer: fields.issuer,
    validity: new x509.Validity(fields.validity),
    subject: fields.subject,
    subjectPublicKeyInfo: schema.AsnConvert.parse(fields.spki, x509.SubjectPublicKeyInfo),
    extensions: new x509.Extensions(fields.extensions)
  });
  const tbs = Buffer.from(schema.AsnConvert.serialize(tbsCertificate));
  const signature = sign(nodeHash(signer.algorithm), tbs, signer.privateKey);
  const certificate = new x509.Certificate({
    tbsCertificate,
    signatureAlgorithm: signatureAlgorithmId,
    signatureValue: new Uint8Array(signature).buffer
  });
  return certificatePem(Buffer.from(schema.AsnConvert.serialize(certificate)));
}
async function createCertificateAuthority(key, options) {
  const asn1 = await loadAsn1();
  const { x509 } = asn1;
  const subject = distinguishedName(asn1, { commonName: "etcd-ca" });
  const keyId = keyIdentifierOf(asn1, key.spki);
  const certPem = signCertificate(
    asn1,
    {
      subject,
      issuer: subject,
      validity: validity(options.now, options.validityDays),
      spki: key.spki,
      extensions: [
        extension(asn1, x509.id_ce_basicConstraints, true, new x509.BasicConstraints({ cA: true })),
        extension(asn1, x509.id_ce_keyUsage, true, new x509.KeyUsage(keyUsages(asn1, key.algorithm, true))),
        extension(
          asn1,
          x509.id_ce_subjectKeyIdentifier,
          false,
          new x509.SubjectKeyIdentifier(new Uint8Array(Buffer.from(keyId, "hex")))
        )
      ]
    },
    key
  );
  return { subject, algorithm: key.algorithm, privateKey: key.privateKey, keyId, certPem, keyPem: key.keyPem };
}
async function issueCertificate(ca, key, request2, options) {
  const asn1 = await loadAsn1();
  const { x509 } = asn1;
  const purposes = { serverAuth: x509.id_kp_serverAuth, clientAuth: x509.id_kp_clientAuth };
  const extensions = [
    extension(asn1, x509.id_ce_basicConstraints, true, new x509.BasicConstraints({ cA: false })),
    extension(asn1, x509.id_ce_keyUsage, true, new x509.KeyUsage(keyUsages(asn1, key.algorithm, false))),
    extension(
      asn1,
      x509.id_ce_extKeyUsage,
      false,
      new x509.ExtendedKeyUsage(request2.usages.map((usage) => purposes[usage]))
    ),
    extension(
      asn1,
      x509.id_ce_authorityKeyIdentifier,
      false,
      new x509.AuthorityKeyIdentifier({
        keyIdentifier: new x509.KeyIdentifier(new Uint8Array(Buffer.from(ca.keyId, "hex")))
      })
    )
  ];
  if (request2.altNames) {
    extensions.push(
      extension(
        asn1,
        x509.id_ce_subjectAltName,
        false,
        new x509.SubjectAlternativeName([
          ...request2.altNames.dns.map((dNSName) => new x509.GeneralName({ dNSName })),
          ...request2.altNames.ips.map((iPAddress) => new x509.GeneralName({ iPAddress }))
        ])
      )
    );
  }
  const certPem = signCertificate(
    asn1,
    {
      subject: distinguishedName(asn1, request2),
      issuer: ca.subject,
      validity: validity(options.now, options.validityDays),
      spki: key.spki,
      extensions
    },
    ca
  );
  return { certPem, keyPem: key.keyPem };
}
async function loadCertificateAuthority(certPem, keyPem) {
  const privateKey = createPrivateKey(keyPem);
  const named = keyAlgorithmOf(privateKey);
  const algorithm = KEY_ALGORITHMS.find((candidate) => candidate === named);
  if (!algorithm)
    throw new Error(`the CA key is ${named ?? describeKeyType(privateKey)}; allowed: ${KEY_ALGORITHMS.join(", ")}`);
  const parsed = new X509Certificate(certPem);
  const spki = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  if (!parsed.publicKey.export({ type: "spki", format: "der" }).equals(spki))
    throw new Error("the CA key does not belong to the CA certificate");
  const asn1 = await loadAsn1();
  const { x509, schema } = asn1;
  const { tbsCertificate } = schema.AsnConvert.parse(parsed.raw, x509.Certificate);
  const ski = tbsCertificate.extensions?.find((candidate) => candidate.extnID === x509.id_ce_subjectKeyIdentifier);
  const keyId = ski ? Buffer.from(schema.AsnConvert.parse(ski.extnValue, x509.SubjectKeyIdentifier).buffer).toString("hex") : keyIdentifierOf(asn1, spki);
  return { subject: tbsCertificate.subject, algorithm, privateKey, keyId, certPem, keyPem };
}

// src/pki/cluster-pki.ts
var CA_VALIDITY_DAYS = 3650;
function memberAltNames(member, extraSans) {
  const names = [
    member.name,
    "localhost",
    member.address,
    "127.0.0.1",
    "::1",
    ...member.extraSans ?? [],
    ...extraSans
  ];
  const unique = [...new Set(names)];
  return {
    dns: unique.filter((name) => isIP4(name) === 0),
    ips: unique.filter((name) => isIP4(name) !== 0)
  };
}
async function writePem(file, text, mode) {
  await mkdir2(path8.dirname(file), { recursive: true, mode: 448 });
  await writeFileNoFollow(file, text, { mode });
}
function madeFor(members, topology) {
  const { keyAlgorithm, certValidityDays, extraSans } = topology;
  return JSON.stringify({
    keyAlgorithm,
    certValidityDays,
    members: members.map((member) => [member.name, memberAltNames(member, extraSans)])
  });
}
var KEY_JOBS = Math.max(1, (Number(process.env.UV_THREADPOOL_SIZE) || 4) - 1);
async function newKeys(count2, algorithm) {
  const keys = [];
  let next = 0;
  const worker = async () => {
    while (next < count2) {
      const index = next++;
      keys[index] = await newKey(algorithm);
    }
  };
  await Promise.all(Array.from({ length: Math.min(KEY_JOBS, count2) }, worker));
  return keys;
}
async function makeClusterPki(members, topology, now = /* @__PURE__ */ new Date()) {
  const { certValidityDays, extraSans, keyAlgorithm } = topology;
  const leaf = { validityDays: certValidityDays, now };
  preloadX509();
  const [caKey, healthcheckKey, apiserverKey, ...memberKeys] = await newKeys(3 + 2 * members.length, keyAlgorithm);
  const ca = await createCertificateAuthority(caKey, { validityDays: CA_VALIDITY_DAYS, now });
  const clientUsage = ["clientAuth"];
  const [healthcheck, apiserver, memberCertificates] = await Promise.all([
    issueCertificate(ca, healthcheckKey, { commonName: "kube-etcd-healthcheck-client", usages: clientUsage }, leaf),
    issueCertificate(
      ca,
      apiserverKey,
      { commonName: "kube-apiserver-etcd-client", organization: "system:masters", usages: clientUsage },
      leaf
    ),
    issueMemberCertificates(ca, members, memberKeys, extraSans, leaf)
  ]);
  return { madeFor: madeFor(members, topology), ca, healthcheck, apiserver, members: memberCertificates };
}
function issueMemberCertificates(ca, members, keys, extraSans, leaf) {
  return Promise.all(
    members.map(async (member, index) => {
      const request2 = {
        commonName: member.name,
        altNames: memberAltNames(member, extraSans),
        usages: ["serverAuth", "clientAuth"]
      };
      const [server, peer] = await Promise.all([
        issueCertificate(ca, keys[2 * index], request2, leaf),
        issueCertificate(ca, keys[2 * index + 1], request2, leaf)
      ]);
      return { server, peer };
    })
  );
}
function memberPemWrites(files, caCertPem, { server, peer }) {
  return [
    writePem(files.caCert, caCertPem, 420),
    writePem(files.serverCert, server.certPem, 420),
    writePem(files.serverKey, server.keyPem, 384),
    writePem(files.peerCert, peer.certPem, 420),
    writePem(files.peerKey, peer.keyPem, 384)
  ];
}
async function writeClusterPki(spec, material) {
  if (material.madeFor !== madeFor(spec.members, spec.topology)) {
    throw new Error(
      `the PKI was made for other members or settings (${material.madeFor}) than these (${madeFor(spec.members, spec.topology)})`
    );
  }
  const { ca, healthcheck, apiserver } = material;
  const { pki } = spec;
  await mkdir2(pki.root, { recursive: true, mode: 448 });
  await chmod(pki.root, 448);
  const writes = [
    writePem(pki.caCert, ca.certPem, 420),
    writePem(pki.caKey, ca.keyPem, 384),
    writePem(pki.healthcheckClientCert, healthcheck.certPem, 420),
    writePem(pki.healthcheckClientKey, healthcheck.keyPem, 384),
    writePem(pki.apiserverClientCert, apiserver.certPem, 420),
    writePem(pki.apiserverClientKey, apiserver.keyPem, 384)
  ];
  spec.members.forEach((member, index) => {
    const files = member.pki;
    writes.push(
      ...memberPemWrites(files, ca.certPem, material.members[index]),
      writePem(files.healthcheckClientCert, healthcheck.certPem, 420),
      writePem(files.healthcheckClientKey, healthcheck.keyPem, 384)
    );
  });
  await Promise.all(writes);
}
async function generateClusterPki(spec, now = /* @__PURE__ */ new Date(), made = makeClusterPki(spec.members, spec.topology, now)) {
  await writeClusterPki(spec, await made);
}
async function issueSpareMemberPki(spec, members, now = /* @__PURE__ */ new Date()) {
  const [caCertPem, caKeyPem] = await Promise.all([
    readFile7(spec.pki.caCert, "utf8"),
    readFile7(spec.pki.caKey, "utf8")
  ]);
  const ca = await loadCertificateAuthority(caCertPem, caKeyPem);
  const leaf = { validityDays: Math.max(1, spec.topology.certValidityDays), now };
  const keys = await newKeys(2 * members.length, ca.algorithm);
  const certificates = await issueMemberCertificates(ca, members, keys, spec.topology.extraSans, leaf);
  await Promise.all(members.flatMap((member, index) => memberPemWrites(member.pki, caCertPem, certificates[index])));
}

// src/checks/spare-members.ts
async function whyNoSpareMembers(spec) {
  if (spec.members.some((member) => member.configured?.urlsAsWritten)) {
    return "the members run the user's configuration on the hosts its URLs name (ssh), with the ports it writes; a member derived from it would need a host of its own, which the configuration does not name";
  }
  try {
    await access4(spec.pki.caKey, constants3.R_OK);
  } catch {
    return `the PKI has no CA key (${spec.pki.caKey} cannot be read), so no certificate can be made for a new member: give a PKI with etcd/ca.key, or let the product generate one`;
  }
  return void 0;
}
function spareNames(spec, base, count2) {
  const taken = new Set(spec.members.map((member) => member.name));
  const names = [];
  for (let index = spec.members.length + 1; names.length < count2; index++) {
    if (!taken.has(`${base}-${index}`)) names.push(`${base}-${index}`);
  }
  return names;
}
async function placeSpareMembers(ctx, names) {
  const places = await ctx.target.sparePlaces(names.length);
  const members = names.map(
    (name, index) => configuredSpareMember(ctx.spec, spareMember(ctx.spec, name, places[index]))
  );
  await issueSpareMemberPki(ctx.spec, members, new Date(ctx.clock.wallNow()));
  for (const member of members) ctx.client.verifyAs(member.clientUrl, member.name);
  return members;
}
async function discardSpareMembers(ctx, members) {
  const problems = [];
  for (const member of members) {
    try {
      await ctx.target.discard(member);
    } catch (error) {
      problems.push(`${member.name}: ${errorMessage(error)}`);
    }
    await rm4(path9.dirname(member.pki.dir), { recursive: true, force: true }).catch(
      (error) => problems.push(`${member.pki.dir}: ${errorMessage(error)}`)
    );
  }
  return problems;
}

// src/checks/membership.ts
var MEMBERS_ADDED = 2;
var KEYS_PER_SIZE = 10;
var POLL_MS2 = 20;
var STATUS_TIMEOUT_MS3 = 500;
var REQUEST_TIMEOUT_MS3 = 5e3;
var RECONFIGURE_BOUND_MS = 2e4;
var RECONFIGURE_RETRY_MS = 250;
var NOT_IN_SYNC = /can only promote a learner member which is in sync with leader/i;
var STILL_LEARNER = /rpc not supported for learner/i;
var NOT_READY = /unhealthy cluster|not enough started members/i;
function joiningCluster(listed2, newId, newName) {
  return listed2.flatMap((member) => member.peerUrls.map((url) => `${member.id === newId ? newName : member.name}=${url}`)).join(",");
}
var membershipCheck = defineCheck({
  name: "membership",
  proves: "learners added with fresh certificates catch up and are promoted (etcd refuses one that has not caught up); removing the leader and another member leaves the original members leading and taking writes; at every size no acknowledged key is lost",
  byDefault: false,
  minMembers: {
    count: 3,
    why: "the drill scales a cluster that survives the loss of a member by two and back, as the guides scale 3 -> 5 -> 3"
  },
  stopsMembers: true,
  needs: ["add"],
  async run(ctx) {
    const noSpare = await whyNoSpareMembers(ctx.spec);
    if (noSpare) return { status: "skipped", summary: noSpare, figures: {}, notes: [] };
    const drill = new MembershipDrill(ctx);
    let outcome;
    let failure;
    try {
      outcome = await drill.run();
    } catch (error) {
      failure = error;
    }
    const problems = await drill.cleanUp();
    if (failure instanceof FaultUnsupportedError) throw failure;
    if (failure !== void 0) {
      const failed = failure instanceof CheckFailure ? failure : drill.fail(errorMessage(failure));
      failed.notes.push(...problems.map((problem) => `cleanup: ${problem}`));
      throw failed;
    }
    if (problems.length > 0)
      throw new CheckFailure(
        `the added members could not be taken out again: ${problems.join("; ")}`,
        outcome?.figures,
        outcome?.notes
      );
    return outcome;
  }
});
var MembershipDrill = class {
  constructor(ctx) {
    this.ctx = ctx;
    this.prefix = `${ctx.keyPrefix}membership/`;
    this.wait = {
      clock: ctx.clock,
      timeoutMs: failoverBoundMs(ctx.spec.timing.electionMs),
      intervalMs: POLL_MS2,
      requestTimeoutMs: STATUS_TIMEOUT_MS3
    };
    this.current = [...ctx.spec.members];
  }
  ctx;
  figures = {};
  notes = [];
  steps = {
    add: [],
    addWait: [],
    catchUp: [],
    promote: [],
    remove: [],
    removeWait: []
  };
  acknowledged = /* @__PURE__ */ new Map();
  prefix;
  wait;
  /** The voting members now. */
  current;
  /** Members added to the cluster (with the ID etcd gave them) or placed for it, until each is out again. */
  added = [];
  /** A failure that carries what the drill measured so far. */
  fail(message) {
    this.summarizeSteps();
    return new CheckFailure(message, this.figures, this.notes);
  }
  /** Each kind of step's figure: the slowest of its steps so far. */
  summarizeSteps() {
    for (const step of Object.keys(this.steps)) {
      if (this.steps[step].length > 0) this.figures[`${step}Ms`] = roundMs(Math.max(...this.steps[step]));
    }
  }
  /** The cluster as it is now: the spec's settings with the current members. */
  currentSpec() {
    return { ...this.ctx.spec, members: this.current };
  }
  isOriginal(member) {
    return this.ctx.spec.members.some((candidate) => candidate.name === member.name);
  }
  /** Times `work`, recording its milliseconds as one step of `step`. */
  async timed(step, work) {
    const started = this.ctx.clock.now();
    const value = await work();
    this.steps[step].push(this.ctx.clock.now() - started);
    return value;
  }
  /**
   * Shows the cluster at its current size: etcd lists exactly the current members as voting members,
   * they agree on a leader, and each of them takes a write (ten through the leader, one through each).
   */
  async servesWrites() {
    const { client } = this.ctx;
    const size = this.current.length;
    const agreed = await waitForAgreedLeader(this.currentSpec(), client, this.wait).catch((error) => {
      throw this.fail(`at ${size} members: ${error.message}`);
    });
    const listed2 = await client.memberList(agreed.leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS3 });
    const voting = listed2.filter((member) => !member.isLearner).map((member) => member.name);
    const expected = this.current.map((member) => member.name);
    if (voting.length !== expected.length || !expected.every((name) => voting.includes(name))) {
      throw this.fail(
        `etcd lists the voting members ${voting.join(", ") || "(none)"}, where ${expected.join(", ")} were expected`
      );
    }
    const { acknowledged, firstError } = await writeKeys(
      client,
      agreed.leader.clientUrl,
      `${this.prefix}size-${size}-${this.steps.add.length}-${this.steps.remove.length}/`,
      KEYS_PER_SIZE,
      REQUEST_TIMEOUT_MS3
    );
    if (firstError)
      throw this.fail(
        `at ${size} members, a write through the leader ${agreed.leader.name} was refused: ${firstError}`
      );
    for (const [key, value] of acknowledged) this.acknowledged.set(key, value);
    for (const member of this.current) {
      const key = `${this.prefix}size-${size}-${this.steps.add.length}-${this.steps.remove.length}/via-${member.name}`;
      try {
        await pollUntil(
          async () => {
            await client.put(member.clientUrl, key, member.name, { timeoutMs: REQUEST_TIMEOUT_MS3 });
            return true;
          },
          {
            what: `${member.name} to take a write as a voting member`,
            timeoutMs: this.wait.timeoutMs,
            intervalMs: POLL_MS2,
            clock: this.ctx.clock,
            isFatal: (error) => !STILL_LEARNER.test(errorMessage(error))
          }
        );
      } catch (error) {
        throw this.fail(`at ${size} members, ${member.name} refused a write: ${errorMessage(error)}`);
      }
      this.acknowledged.set(key, member.name);
    }
    this.figures.maxSize = Math.max(this.figures.maxSize ?? 0, size);
    return agreed.leader;
  }
  async run() {
    const { ctx, figures, notes } = this;
    const { spec, client, clock, logger, target } = ctx;
    const startSize = spec.members.length;
    await this.servesWrites();
    const members = await placeSpareMembers(ctx, spareNames(spec, "etcd", MEMBERS_ADDED));
    for (const member of members) this.added.push({ member, removed: false });
    for (const entry of this.added) await this.grow(entry);
    let leader = (await this.leaderNow()).leader;
    const [first, last] = this.added;
    if (!this.added.some((entry) => entry.member.name === leader.name)) {
      const movedAt = clock.now();
      logger.info(
        `moving the leadership from ${leader.name} to ${last.member.name}, so that removing the leader leaves the original members`
      );
      await client.moveLeader(leader.clientUrl, last.id, { timeoutMs: this.wait.timeoutMs }).catch((error) => {
        throw this.fail(`moving the leadership to ${last.member.name} failed: ${errorMessage(error)}`);
      });
      const current = this.currentSpec();
      await pollUntil(
        async () => (await statusWithAgreedLeader(current, client, STATUS_TIMEOUT_MS3))?.leaderId === last.id ? true : void 0,
        {
          what: `every member to name ${last.member.name} the leader`,
          timeoutMs: this.wait.timeoutMs,
          intervalMs: POLL_MS2,
          clock
        }
      ).catch((error) => {
        throw this.fail(error.message);
      });
      figures.moveLeaderMs = roundMs(clock.now() - movedAt);
      leader = last.member;
    }
    const leaderEntry = leader.name === first.member.name ? first : last;
    const otherEntry = leaderEntry === first ? last : first;
    await this.shrink(leaderEntry, true);
    await this.shrink(otherEntry, false);
    const final = await this.servesWrites();
    const listed2 = await client.memberList(final.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS3 });
    figures.finalSize = listed2.length;
    const names = listed2.map((member) => member.name).sort();
    const original = spec.members.map((member) => member.name).sort();
    if (names.join(",") !== original.join(","))
      throw this.fail(`the cluster ended with the members ${names.join(", ")}, not ${original.join(", ")}`);
    await waitForHealthyCluster(spec, target, client, { clock });
    figures.keysAcknowledged = this.acknowledged.size;
    const lost = await findLostKeys(client, final.clientUrl, this.prefix, this.acknowledged, {
      timeoutMs: REQUEST_TIMEOUT_MS3
    });
    figures.keysLost = lost.length;
    if (lost.length > 0)
      throw this.fail(
        `${lost.length} acknowledged keys are missing after the membership changes, e.g. ${lost.slice(0, 3).join(", ")}`
      );
    const leaderIndex = (await client.status(final.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS3 })).raftIndex;
    for (const member of spec.members) {
      await waitForApplied(client, member, leaderIndex, {
        clock,
        timeoutMs: this.wait.timeoutMs,
        intervalMs: POLL_MS2,
        requestTimeoutMs: STATUS_TIMEOUT_MS3
      });
      const missing = await findLostKeys(client, member.clientUrl, this.prefix, this.acknowledged, {
        timeoutMs: REQUEST_TIMEOUT_MS3,
        serializable: true
      });
      if (missing.length > 0)
        throw this.fail(
          `${member.name} lacks ${missing.length} acknowledged keys, e.g. ${missing.slice(0, 3).join(", ")}`
        );
    }
    this.summarizeSteps();
    const sizes = [startSize, startSize + 1, startSize + 2, startSize + 1, startSize].join(" -> ");
    return {
      status: "pass",
      summary: `scaled ${sizes}: each learner caught up in at most ${figures.catchUpMs} ms and was promoted in at most ${figures.promoteMs} ms (an early promotion refused); removed the leader ${leaderEntry.member.name} and ${otherEntry.member.name}; writes served at every size; all ${this.acknowledged.size} acknowledged keys intact`,
      figures,
      notes
    };
  }
  /** Adds one member as a learner, shows an early promotion refused, starts it, waits until it caught up, promotes it. */
  async grow(entry) {
    const { spec, client, clock, target, logger } = this.ctx;
    const { member } = entry;
    const leader = (await this.leaderNow()).leader;
    const adding = await this.whenReady(
      `etcd to add ${member.name}`,
      () => client.memberAdd(leader.clientUrl, [member.peerUrl], { timeoutMs: REQUEST_TIMEOUT_MS3, isLearner: true })
    ).catch((error) => {
      throw this.fail(`adding ${member.name} as a learner failed: ${errorMessage(error)}`);
    });
    this.steps.add.push(adding.requestMs);
    this.steps.addWait.push(adding.waitedMs);
    const { member: joined, members: listed2 } = adding.answer;
    entry.id = joined.id;
    logger.info(`added ${member.name} (${joined.id}) as a learner at ${member.peerUrl}`);
    const early = await client.memberPromote(leader.clientUrl, joined.id, { timeoutMs: REQUEST_TIMEOUT_MS3 }).then(
      () => void 0,
      (error) => error
    );
    if (early === void 0)
      throw this.fail(
        `etcd promoted ${member.name} right after it was added, before it started or caught up with the leader`
      );
    if (!NOT_IN_SYNC.test(errorMessage(early)))
      throw this.fail(
        `promoting ${member.name} before it caught up failed, but not because it was behind: ${errorMessage(early)}`
      );
    this.notes.push(`promoting ${member.name} before it started was refused: ${errorMessage(early)}`);
    entry.member = {
      ...member,
      bootstrap: {
        initialCluster: joiningCluster(listed2, joined.id, member.name),
        token: spec.token,
        state: "existing"
      }
    };
    const startedAt = clock.now();
    await target.start(entry.member);
    const leaderIndex = (await client.status(leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS3 })).raftIndex;
    await waitForApplied(client, entry.member, leaderIndex, {
      clock,
      timeoutMs: spec.timing.startupTimeoutMs,
      intervalMs: POLL_MS2,
      requestTimeoutMs: STATUS_TIMEOUT_MS3
    }).catch(async (error) => {
      const log = await target.logs(entry.member, 5).catch(() => "");
      throw this.fail(
        `${member.name} did not catch up as a learner: ${error.message}${log ? `; the end of its log: ${log.trim().split("\n").join(" | ")}` : ""}`
      );
    });
    this.steps.catchUp.push(clock.now() - startedAt);
    await this.timed(
      "promote",
      () => pollUntil(() => client.memberPromote(leader.clientUrl, joined.id, { timeoutMs: REQUEST_TIMEOUT_MS3 }), {
        what: `etcd to promote ${member.name}`,
        timeoutMs: this.wait.timeoutMs,
        intervalMs: POLL_MS2,
        clock,
        isFatal: (error) => !NOT_IN_SYNC.test(errorMessage(error))
      })
    ).catch((error) => {
      throw this.fail(`promoting ${member.name} after it caught up failed: ${errorMessage(error)}`);
    });
    this.current = [...this.current, entry.member];
    const [add, addWait, catchUp, promote] = [
      this.steps.add.at(-1),
      this.steps.addWait.at(-1),
      this.steps.catchUp.at(-1),
      this.steps.promote.at(-1)
    ].map((ms) => roundMs(ms ?? 0));
    this.notes.push(
      `${member.name}: added as a learner in ${add} ms` + (adding.refusal ? ` (etcd called the cluster not ready for it for ${addWait} ms: ${adding.refusal})` : "") + `, caught up ${catchUp} ms after it started, promoted in ${promote} ms; ${this.current.length} voting members`
    );
    await this.servesWrites();
  }
  /** Removes one added member through an original one (retrying while etcd says it is too early), then ends it. */
  async shrink(entry, isLeader) {
    const { client, clock, target } = this.ctx;
    const stays = this.current.filter((member) => member.name !== entry.member.name);
    const via = stays.find((member) => this.isOriginal(member));
    const removal = await this.remove(entry, via);
    this.steps.remove.push(removal.requestMs);
    this.steps.removeWait.push(removal.waitedMs);
    const removedAt = clock.now();
    this.current = stays;
    if (isLeader) {
      await waitForNewLeader(client, stays, entry.id, this.wait).catch((error) => {
        throw this.fail(`after the leader ${entry.member.name} was removed: ${error.message}`);
      });
      this.figures.newLeaderMs = roundMs(clock.now() - removedAt);
    }
    await target.discard(entry.member);
    this.notes.push(
      `removed ${isLeader ? "the leader " : ""}${entry.member.name} in ${roundMs(removal.requestMs)} ms` + (removal.refusal ? ` (etcd called the cluster not ready for it for ${roundMs(removal.waitedMs)} ms: ${removal.refusal})` : "") + (isLeader ? `; the others agreed on a new leader ${this.figures.newLeaderMs} ms later` : "") + `; ${stays.length} voting members`
    );
    await this.servesWrites();
  }
  /** MemberRemove, retried while etcd refuses it as too early; the time of the accepted request and of the wait before it. */
  async remove(entry, via) {
    const removal = await this.whenReady(
      `etcd to remove ${entry.member.name}`,
      () => this.ctx.client.memberRemove(via.clientUrl, entry.id, { timeoutMs: this.wait.timeoutMs })
    ).catch((error) => {
      throw this.fail(`removing ${entry.member.name} failed: ${errorMessage(error)}`);
    });
    entry.removed = true;
    return removal;
  }
  /**
   * Sends a membership change, again while etcd refuses it as too early (see RECONFIGURE_BOUND_MS);
   * resolves with its answer, the time of the accepted request, the wait before it and etcd's refusal.
   */
  async whenReady(what, send) {
    const { clock } = this.ctx;
    const began = clock.now();
    let refusal;
    const accepted = await pollUntil(
      async () => {
        const sent = clock.now();
        try {
          return { answer: await send(), requestMs: clock.now() - sent };
        } catch (error) {
          if (NOT_READY.test(errorMessage(error))) refusal = errorMessage(error);
          throw error;
        }
      },
      {
        what,
        timeoutMs: RECONFIGURE_BOUND_MS,
        intervalMs: RECONFIGURE_RETRY_MS,
        clock,
        isFatal: (error) => !NOT_READY.test(errorMessage(error))
      }
    );
    return { ...accepted, waitedMs: refusal === void 0 ? 0 : clock.now() - began - accepted.requestMs, refusal };
  }
  /** The current members' agreed leader. */
  leaderNow() {
    return waitForAgreedLeader(this.currentSpec(), this.ctx.client, this.wait).catch((error) => {
      throw this.fail(error.message);
    });
  }
  /**
   * Takes every added member out again: removes from the cluster those still in it (through a
   * member the cluster started with), ends them and removes their data and certificates. Returns
   * what it could not do.
   */
  async cleanUp() {
    const problems = [];
    const via = this.ctx.spec.members[0];
    for (const entry of this.added) {
      if (entry.id && !entry.removed) {
        try {
          await this.remove(entry, via);
          this.ctx.logger.info(`removed ${entry.member.name} from the cluster after the drill stopped`);
        } catch (error) {
          problems.push(`removing ${entry.member.name} from the cluster: ${errorMessage(error)}`);
        }
      }
    }
    problems.push(
      ...await discardSpareMembers(
        this.ctx,
        this.added.map((entry) => entry.member)
      )
    );
    return problems;
  }
};

// src/checks/partition.ts
var KEYS_PER_STEP = 20;
var POLL_MS3 = 10;
var STATUS_TIMEOUT_MS4 = 250;
var REQUEST_TIMEOUT_MS4 = 5e3;
function preVoteOf(spec, etcdVersion) {
  const values = spec.members.map((member) => memberSettings(spec, member).find(([name]) => name === "pre-vote")?.[1]);
  const on = (value) => value === true || value === "true" || value === "";
  if (values.every(on)) return { on: true, why: "pre-vote is on" };
  if (values.some((value) => value !== void 0 && !on(value)))
    return { on: false, why: "pre-vote is off in the configuration" };
  const [major, minor] = (etcdVersion ?? "").split(".").map(Number);
  const defaultOn = major > 3 || major === 3 && minor >= 5;
  return defaultOn ? { on: true, why: `pre-vote is not set, and etcd ${etcdVersion} runs with it by default` } : {
    on: false,
    why: `pre-vote is not set, and etcd ${etcdVersion || "of this version"} runs without it by default (3.5 and later run with it)`
  };
}
function waitForStepDown(ctx, member, since, wait) {
  return pollUntil(
    async () => (await ctx.client.status(member.clientUrl, { timeoutMs: wait.requestTimeoutMs })).isLeader ? void 0 : ctx.clock.now() - since,
    { what: `${member.name} to step down`, timeoutMs: wait.timeoutMs, intervalMs: wait.intervalMs, clock: wait.clock }
  );
}
async function waitForRejoin(ctx, member, wait) {
  const { client, spec } = ctx;
  const agreed = await pollUntil(
    async () => {
      const found = await statusWithAgreedLeader(spec, client, wait.requestTimeoutMs);
      if (found?.leader === member)
        throw new CheckFailure(`${member.name} leads again after the heal instead of following`);
      return found ?? void 0;
    },
    {
      what: `${member.name} to follow the leader again`,
      timeoutMs: wait.timeoutMs,
      intervalMs: wait.intervalMs,
      clock: wait.clock,
      isFatal: (error) => error instanceof CheckFailure
    }
  );
  const leaderIndex = (await client.status(agreed.leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS4 })).raftIndex;
  await waitForApplied(client, member, leaderIndex, {
    clock: wait.clock,
    timeoutMs: wait.timeoutMs,
    intervalMs: wait.intervalMs,
    requestTimeoutMs: wait.requestTimeoutMs
  });
  return agreed;
}
var partitionCheck = defineCheck({
  name: "partition",
  proves: "a leader cut off from its peers steps down and refuses writes while the majority elects a new one; healed, it rejoins as a follower; a cut-off follower leaves the leader in place and catches up; no acknowledged key is lost",
  byDefault: false,
  minMembers: { count: 3, why: "a partition needs a majority and a minority" },
  stopsMembers: true,
  needs: ["isolate"],
  async run(ctx) {
    const { spec, target, client, clock, logger } = ctx;
    const prefix = `${ctx.keyPrefix}partition/`;
    const figures = {};
    const notes = [];
    const fail = (message) => new CheckFailure(message, figures, notes);
    const wait = {
      clock,
      timeoutMs: failoverBoundMs(spec.timing.electionMs),
      intervalMs: POLL_MS3,
      requestTimeoutMs: STATUS_TIMEOUT_MS4
    };
    const failWith = (error) => {
      throw fail(errorMessage(error));
    };
    try {
      const before = await waitForAgreedLeader(spec, client, wait).catch(
        (error) => failWith(`before the partition: ${errorMessage(error)}`)
      );
      const oldLeader = before.leader;
      const preVote = preVoteOf(spec, before.rows.find((row) => row.status)?.status?.version);
      figures.termBefore = highestTerm(before.rows);
      const { acknowledged, firstError } = await writeKeys(
        client,
        oldLeader.clientUrl,
        `${prefix}before/`,
        KEYS_PER_STEP,
        REQUEST_TIMEOUT_MS4
      );
      if (firstError) throw fail(`a write before the partition was refused: ${firstError}`);
      const majority = spec.members.filter((member) => member !== oldLeader);
      logger.info(`cutting the leader ${oldLeader.name} off from ${majority.map((member) => member.name).join(", ")}`);
      const cutAt = clock.now();
      await target.isolate([oldLeader], majority);
      const [newLeader, stepDown] = await Promise.all([
        waitForNewLeader(client, majority, before.leaderId, wait).then(
          (id) => ({ id, ms: clock.now() - cutAt }),
          (error) => error
        ),
        waitForStepDown(ctx, oldLeader, cutAt, wait).catch((error) => error)
      ]);
      if (newLeader instanceof Error && stepDown instanceof Error) {
        throw fail(
          `${oldLeader.name} still leads ${wait.timeoutMs} ms after it was cut off from its peers, and they elected no new leader: the links were not cut`
        );
      }
      if (newLeader instanceof Error)
        throw fail(`the majority elected no new leader after the leader was cut off: ${newLeader.message}`);
      if (stepDown instanceof Error)
        throw fail(
          `${oldLeader.name} still says it leads ${wait.timeoutMs} ms after it was cut off, while the majority elected a new leader`
        );
      figures.newLeaderMs = roundMs(newLeader.ms);
      figures.stepDownMs = roundMs(stepDown);
      const leader = before.rows.find((row) => row.status?.id === newLeader.id)?.member;
      if (!leader) throw fail(`the new leader ${newLeader.id} is not a member of this cluster`);
      const elected = await client.status(leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS4 });
      figures.termElected = elected.raftTerm;
      notes.push(
        `${leader.name} led the majority ${figures.newLeaderMs} ms after the cut (term ${figures.termElected}); ${oldLeader.name} stepped down after ${figures.stepDownMs} ms`
      );
      const refusedKey = `${prefix}refused-write`;
      const writeStarted = clock.now();
      const refused = await client.put(oldLeader.clientUrl, refusedKey, "must-not-appear", { timeoutMs: wait.timeoutMs, requireLeader: true }).then(
        () => void 0,
        (error) => error
      );
      figures.writeRefusedMs = roundMs(clock.now() - writeStarted);
      if (refused === void 0) throw fail(`${oldLeader.name} acknowledged a write while cut off from the majority`);
      if (refused instanceof EtcdRequestError && refused.timedOut)
        throw fail(`a write on the cut-off ${oldLeader.name} hung: no answer within ${wait.timeoutMs} ms`);
      notes.push(`${oldLeader.name} refused a write after ${figures.writeRefusedMs} ms: ${errorMessage(refused)}`);
      const during = await writeKeys(client, leader.clientUrl, `${prefix}majority/`, KEYS_PER_STEP, REQUEST_TIMEOUT_MS4);
      if (during.firstError) throw fail(`the majority refused a write during the partition: ${during.firstError}`);
      for (const [key, value] of during.acknowledged) acknowledged.set(key, value);
      const majorityTerms = await Promise.all(
        majority.map(
          (member) => client.status(member.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS4 }).then(
            (status) => status.raftTerm,
            () => 0
          )
        )
      );
      figures.termElected = Math.max(figures.termElected, ...majorityTerms);
      const healedAt = clock.now();
      await target.heal();
      const afterHeal = await waitForRejoin(ctx, oldLeader, wait).catch(failWith);
      figures.healMs = roundMs(clock.now() - healedAt);
      figures.termAfterHeal = highestTerm(afterHeal.rows);
      const raisedByHeal = figures.termAfterHeal > figures.termElected || afterHeal.leaderId !== newLeader.id;
      const healStory = `${oldLeader.name} rejoined as a follower ${figures.healMs} ms after the heal; ` + (raisedByHeal ? `its return forced an election: term ${figures.termElected} -> ${figures.termAfterHeal}, leader ${afterHeal.leader.name}` : `the term stayed ${figures.termElected}`);
      notes.push(`${healStory} (${preVote.why})`);
      if (raisedByHeal && preVote.on) throw fail(`${healStory}, although ${preVote.why}`);
      const leaderNow = afterHeal.leader;
      const follower = spec.members.find((member) => member !== leaderNow && member !== oldLeader) ?? spec.members.find((member) => member !== leaderNow);
      if (!follower) throw fail("no follower to cut off");
      const rest = spec.members.filter((member) => member !== follower);
      const termBeforeFollower = figures.termAfterHeal;
      logger.info(`cutting the follower ${follower.name} off from ${rest.map((member) => member.name).join(", ")}`);
      const followerCutAt = clock.now();
      await target.isolate([follower], rest);
      const whileCut = await writeKeys(
        client,
        leaderNow.clientUrl,
        `${prefix}follower-cut/`,
        KEYS_PER_STEP,
        REQUEST_TIMEOUT_MS4
      );
      if (whileCut.firstError)
        throw fail(`the leader refused a write while a follower was cut off: ${whileCut.firstError}`);
      for (const [key, value] of whileCut.acknowledged) acknowledged.set(key, value);
      const holdUntil = followerCutAt + 3 * spec.timing.electionMs;
      let followerLostLeader = false;
      while (clock.now() < holdUntil) {
        const rows = await collectStatus(client, spec.members, STATUS_TIMEOUT_MS4);
        const changed = rows.find(
          (row) => row.member !== follower && row.status && row.status.leader !== afterHeal.leaderId
        );
        if (changed)
          throw fail(
            `${changed.member.name} named ${changed.status?.leader ?? "no leader"} instead of ${leaderNow.name} while only the follower ${follower.name} was cut off`
          );
        if (rows.find((row) => row.member === follower)?.status?.leader === void 0) followerLostLeader = true;
        await clock.sleep(POLL_MS3);
      }
      notes.push(
        `${leaderNow.name} stayed leader while ${follower.name} was cut off for ${Math.round(clock.now() - followerCutAt)} ms` + (followerLostLeader ? `; ${follower.name} lost its leader meanwhile` : "")
      );
      const followerHealedAt = clock.now();
      await target.heal();
      const after = await waitForRejoin(ctx, follower, wait).catch(failWith);
      figures.catchUpMs = roundMs(clock.now() - followerHealedAt);
      figures.termAfter = highestTerm(after.rows);
      if (after.leaderId !== afterHeal.leaderId || figures.termAfter > termBeforeFollower) {
        const story = `the follower's return changed the leader or the term: ${leaderNow.name} at term ${termBeforeFollower} -> ${after.leader.name} at term ${figures.termAfter}`;
        if (preVote.on) throw fail(`${story}, although ${preVote.why}`);
        notes.push(`${story} (${preVote.why})`);
      }
      figures.keysAcknowledged = acknowledged.size;
      const lost = await findLostKeys(client, after.leader.clientUrl, prefix, acknowledged, {
        timeoutMs: REQUEST_TIMEOUT_MS4
      });
      figures.keysLost = lost.length;
      if (lost.length > 0)
        throw fail(
          `${lost.length} acknowledged keys are missing after the partitions, e.g. ${lost.slice(0, 3).join(", ")}`
        );
      for (const member of [oldLeader, follower]) {
        const missing = await findLostKeys(client, member.clientUrl, prefix, acknowledged, {
          timeoutMs: REQUEST_TIMEOUT_MS4,
          serializable: true
        });
        if (missing.length > 0)
          throw fail(
            `${member.name} rejoined but lacks ${missing.length} acknowledged keys, e.g. ${missing.slice(0, 3).join(", ")}`
          );
      }
      const ghost = await client.range(after.leader.clientUrl, refusedKey, { timeoutMs: REQUEST_TIMEOUT_MS4 });
      if (ghost.length > 0)
        throw fail(`the write ${oldLeader.name} refused while cut off appeared after the heal (${refusedKey})`);
      await waitForHealthyCluster(spec, target, client, { clock });
      return {
        status: "pass",
        summary: `cut off leader ${oldLeader.name}: ${leader.name} led after ${figures.newLeaderMs} ms, ${oldLeader.name} stepped down after ${figures.stepDownMs} ms and refused a write in ${figures.writeRefusedMs} ms, rejoined as a follower ${figures.healMs} ms after the heal; cut off follower ${follower.name}: the leader stayed, it caught up ${figures.catchUpMs} ms after the heal; term ${figures.termBefore} -> ${figures.termAfter}; all ${acknowledged.size} acknowledged keys intact`,
        figures,
        notes
      };
    } finally {
      await target.heal().catch((error) => logger.warning(`healing the links after the partition check: ${errorMessage(error)}`));
    }
  }
});

// src/checks/quorum-loss.ts
var KEYS_BEFORE = 20;
var POLL_MS4 = 10;
var REQUEST_TIMEOUT_MS5 = 5e3;
async function timed(ctx, work) {
  const started = ctx.clock.now();
  try {
    const value = await work();
    return { ms: ctx.clock.now() - started, value };
  } catch (error) {
    return { ms: ctx.clock.now() - started, error };
  }
}
var quorumLossCheck = defineCheck({
  name: "quorum-loss",
  proves: "without a majority a member refuses writes and linearizable reads instead of hanging; after restart writes resume and no acknowledged key is lost",
  byDefault: true,
  minMembers: { count: 2, why: "a single member cannot fail over" },
  stopsMembers: true,
  needs: [],
  async run(ctx) {
    const { spec, target, client, clock, logger } = ctx;
    const prefix = `${ctx.keyPrefix}quorum-loss/`;
    const figures = {};
    const notes = [];
    const fail = (message) => new CheckFailure(message, figures, notes);
    const boundMs = failoverBoundMs(spec.timing.electionMs);
    const before = await statusWithAgreedLeader(spec, client, REQUEST_TIMEOUT_MS5);
    if (!before) throw fail("the members did not agree on one leader before quorum was taken away");
    const { acknowledged, firstError } = await writeKeys(
      client,
      before.leader.clientUrl,
      `${prefix}before/`,
      KEYS_BEFORE,
      REQUEST_TIMEOUT_MS5
    );
    if (firstError) throw fail(`a write before quorum loss was refused: ${firstError}`);
    const survivor = spec.members.find((member) => member !== before.leader);
    if (!survivor) throw fail("quorum loss needs at least two members");
    const majority = Math.floor(spec.members.length / 2) + 1;
    const stopped = [
      before.leader,
      ...spec.members.filter((member) => member !== before.leader && member !== survivor)
    ].slice(0, majority);
    const leaderIndex = (await client.status(before.leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS5 })).raftIndex;
    await waitForApplied(client, survivor, leaderIndex, {
      clock,
      timeoutMs: boundMs,
      intervalMs: POLL_MS4,
      requestTimeoutMs: REQUEST_TIMEOUT_MS5
    });
    const followersToStop = stopped.filter((member) => member !== before.leader);
    logger.info(
      `killing ${followersToStop.map((member) => member.name).join(", ")}, then the leader ${before.leader.name} (a majority of ${spec.members.length}); probing ${survivor.name}`
    );
    const stoppedAt = clock.now();
    await Promise.all(followersToStop.map((member) => target.kill(member)));
    figures.followerStopMs = roundMs(clock.now() - stoppedAt);
    const leaderKilledAt = clock.now();
    await target.kill(before.leader);
    figures.membersStopped = stopped.length;
    try {
      await pollUntil(
        async () => (await client.status(survivor.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS5 })).leader === void 0 ? true : void 0,
        { what: `${survivor.name} to notice it has no leader`, timeoutMs: boundMs, intervalMs: POLL_MS4, clock }
      );
      figures.leaderLostMs = roundMs(clock.now() - leaderKilledAt);
    } catch (error) {
      notes.push(
        `${survivor.name} still named a leader ${boundMs} ms after the majority stopped (${errorMessage(error)})`
      );
    }
    const probeKey = `${prefix}refused-write`;
    const write = await timed(
      ctx,
      () => client.put(survivor.clientUrl, probeKey, "must-not-appear", { timeoutMs: boundMs, requireLeader: true })
    );
    figures.writeRefusedMs = roundMs(write.ms);
    if (!write.error) throw fail(`${survivor.name} acknowledged a write without quorum`);
    if (write.error instanceof EtcdRequestError && write.error.timedOut) {
      throw fail(`the write on ${survivor.name} hung: no answer within ${boundMs} ms`);
    }
    notes.push(`write refused after ${figures.writeRefusedMs} ms: ${errorMessage(write.error)}`);
    const linearizable = await timed(
      ctx,
      () => client.range(survivor.clientUrl, `${prefix}before/`, { timeoutMs: boundMs, requireLeader: true, prefix: true })
    );
    figures.linearizableReadRefusedMs = roundMs(linearizable.ms);
    if (!linearizable.error) throw fail(`${survivor.name} answered a linearizable read without quorum`);
    if (linearizable.error instanceof EtcdRequestError && linearizable.error.timedOut) {
      throw fail(`the linearizable read on ${survivor.name} hung: no answer within ${boundMs} ms`);
    }
    const serializable = await timed(
      ctx,
      () => client.range(survivor.clientUrl, `${prefix}before/`, {
        timeoutMs: REQUEST_TIMEOUT_MS5,
        serializable: true,
        prefix: true
      })
    );
    if (serializable.error)
      throw fail(`a serializable read on ${survivor.name} failed: ${errorMessage(serializable.error)}`);
    figures.serializableReadMs = roundMs(serializable.ms);
    figures.serializableKeysSeen = serializable.value?.length ?? 0;
    notes.push(
      `serializable read answered from ${survivor.name}'s local state (possibly stale): ${figures.serializableKeysSeen} of ${acknowledged.size} keys`
    );
    const restartedAt = clock.now();
    await Promise.all(stopped.map((member) => target.start(member)));
    const recoveryKey = `${prefix}after-recovery`;
    await pollUntil(
      async () => {
        await client.put(survivor.clientUrl, recoveryKey, "ok", { timeoutMs: 1e3, requireLeader: true });
        return true;
      },
      {
        what: "a write to be acknowledged after the stopped members restarted",
        timeoutMs: boundMs,
        intervalMs: POLL_MS4,
        clock
      }
    ).catch((error) => {
      throw fail(error.message);
    });
    acknowledged.set(recoveryKey, "ok");
    figures.recoveryMs = roundMs(clock.now() - restartedAt);
    await waitForHealthyCluster(spec, target, client, { clock });
    figures.allHealthyMs = roundMs(clock.now() - restartedAt);
    const after = await statusWithAgreedLeader(spec, client, REQUEST_TIMEOUT_MS5);
    if (!after) throw fail("the members did not agree on a leader after recovery");
    const lost = await findLostKeys(client, after.leader.clientUrl, prefix, acknowledged, {
      timeoutMs: REQUEST_TIMEOUT_MS5
    });
    figures.keysAcknowledged = acknowledged.size;
    figures.keysLost = lost.length;
    if (lost.length > 0)
      throw fail(`${lost.length} acknowledged keys are missing after recovery, e.g. ${lost.slice(0, 3).join(", ")}`);
    const ghost = await client.range(after.leader.clientUrl, probeKey, { timeoutMs: REQUEST_TIMEOUT_MS5 });
    if (ghost.length > 0) throw fail(`the write refused during quorum loss appeared after recovery (${probeKey})`);
    return {
      status: "pass",
      summary: `stopped ${stopped.length} of ${spec.members.length}; ${survivor.name} refused a write in ${figures.writeRefusedMs} ms and a linearizable read in ${figures.linearizableReadRefusedMs} ms, served a serializable read; writes resumed ${figures.recoveryMs} ms after restart; all ${acknowledged.size} acknowledged keys intact, the refused write absent`,
      figures,
      notes
    };
  }
});

// src/checks/snapshot-restore.ts
import { mkdir as mkdir3, rm as rm5 } from "node:fs/promises";
import path10 from "node:path";
var KEYS_WRITTEN = 100;
var KEYS_OVERWRITTEN = 10;
var KEYS_DELETED = 5;
var REQUEST_TIMEOUT_MS6 = 5e3;
var SNAPSHOT_TIMEOUT_MS = 6e4;
function compareRestored(expected, restored) {
  const found = new Map(restored.map((kv) => [kv.key, kv]));
  const wanted = new Set(expected.map((kv) => kv.key));
  return {
    missing: expected.filter((kv) => !found.has(kv.key)).map((kv) => kv.key),
    changed: expected.filter((kv) => {
      const got = found.get(kv.key);
      return got !== void 0 && (got.value !== kv.value || got.modRevision !== kv.modRevision);
    }).map((kv) => kv.key),
    unexpected: restored.filter((kv) => !wanted.has(kv.key)).map((kv) => kv.key)
  };
}
var some = (keys) => `${keys.length} (e.g. ${keys.slice(0, 3).join(", ")})`;
var snapshotRestoreCheck = defineCheck({
  name: "snapshot-restore",
  proves: "a snapshot streamed from a member (its appended SHA-256 verified) restores, with etcd's own tool and a new token, into a cluster beside the original that has every key, value and revision; the original is untouched",
  byDefault: false,
  minMembers: { count: 1, why: "a snapshot of any cluster restores" },
  stopsMembers: true,
  needs: ["add"],
  async run(ctx) {
    const noSpare = await whyNoSpareMembers(ctx.spec);
    if (noSpare) return { status: "skipped", summary: noSpare, figures: {}, notes: [] };
    const snapshotFile = path10.join(ctx.spec.stateDir, SPARE_DIR, `snapshot-${ctx.spec.runId}.db`);
    const drill = { figures: {}, notes: [], restored: [] };
    let outcome;
    let failure;
    try {
      outcome = await restoreDrill(ctx, snapshotFile, drill);
    } catch (error) {
      failure = error;
    }
    const problems = await discardSpareMembers(ctx, drill.restored);
    await rm5(snapshotFile, { force: true }).catch((error) => problems.push(`${snapshotFile}: ${errorMessage(error)}`));
    if (failure instanceof FaultUnsupportedError) throw failure;
    if (failure !== void 0) {
      const failed = failure instanceof CheckFailure ? failure : new CheckFailure(errorMessage(failure), drill.figures, drill.notes);
      failed.notes.push(...problems.map((problem) => `cleanup: ${problem}`));
      throw failed;
    }
    if (problems.length > 0)
      throw new CheckFailure(
        `the restored cluster could not be removed: ${problems.join("; ")}`,
        drill.figures,
        drill.notes
      );
    return outcome;
  }
});
async function restoreDrill(ctx, snapshotFile, { figures, notes, restored }) {
  const { spec, client, clock, logger, target } = ctx;
  const prefix = `${ctx.keyPrefix}snapshot-restore/`;
  const fail = (message) => new CheckFailure(message, figures, notes);
  const before = await statusWithAgreedLeader(spec, client, REQUEST_TIMEOUT_MS6);
  if (!before) throw fail("the members did not agree on one leader before the snapshot");
  const source = before.leader;
  const { acknowledged, firstError } = await writeKeys(
    client,
    source.clientUrl,
    prefix,
    KEYS_WRITTEN,
    REQUEST_TIMEOUT_MS6
  );
  if (firstError) throw fail(`a write before the snapshot was refused: ${firstError}`);
  const keys = [...acknowledged.keys()].sort();
  for (const key of keys.slice(0, KEYS_OVERWRITTEN)) {
    await client.put(source.clientUrl, key, `${acknowledged.get(key)}-overwritten`, { timeoutMs: REQUEST_TIMEOUT_MS6 });
    acknowledged.set(key, `${acknowledged.get(key)}-overwritten`);
  }
  const deleted = keys.slice(-KEYS_DELETED);
  for (const key of deleted) {
    if (await client.deletePrefix(source.clientUrl, key, { timeoutMs: REQUEST_TIMEOUT_MS6 }) !== 1)
      throw fail(`deleting ${key} before the snapshot did not delete exactly that key`);
    acknowledged.delete(key);
  }
  const expected = await client.range(source.clientUrl, prefix, { timeoutMs: REQUEST_TIMEOUT_MS6, prefix: true });
  const revisionBefore = await client.revision(source.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS6 });
  await mkdir3(path10.dirname(snapshotFile), { recursive: true, mode: 448 });
  logger.info(`streaming a snapshot from ${source.name} into ${snapshotFile}`);
  const snapshotAt = clock.now();
  const { bytes } = await client.snapshot(source.clientUrl, snapshotFile, { timeoutMs: SNAPSHOT_TIMEOUT_MS }).catch((error) => {
    throw fail(`the snapshot from ${source.name} failed: ${errorMessage(error)}`);
  });
  figures.snapshotMs = roundMs(clock.now() - snapshotAt);
  figures.snapshotBytes = bytes;
  const revisionAfter = await client.revision(source.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS6 });
  notes.push(
    `${bytes} bytes from ${source.name} in ${figures.snapshotMs} ms; the SHA-256 etcd appended matched; the store was at revision ${revisionBefore}`
  );
  const names = spec.members.map((_, index) => `restored-${index + 1}`);
  const placed = await placeSpareMembers(ctx, names);
  const token = `${spec.token}-restored-${Math.floor(clock.wallNow()).toString(36)}`;
  const initialCluster = initialClusterOf(placed);
  const members = placed.map((member) => ({ ...member, bootstrap: { initialCluster, token, state: "new" } }));
  restored.push(...members);
  const restoreAt = clock.now();
  let command = "";
  for (const member of members) {
    command = await target.restoreSnapshot(member, snapshotFile).catch((error) => {
      throw fail(`restoring the snapshot for ${member.name} failed: ${errorMessage(error)}`);
    });
  }
  figures.restoreMs = roundMs(clock.now() - restoreAt);
  notes.push(`restored ${members.length} data dirs in ${figures.restoreMs} ms, the last with: ${command}`);
  const startedAt = clock.now();
  for (const member of members) await target.start(member);
  const restoredSpec = { ...spec, token, members, initialCluster };
  const { leader } = await waitForHealthyCluster(restoredSpec, target, client, { clock, members }).catch(
    (error) => {
      throw fail(`the restored cluster did not become healthy: ${errorMessage(error)}`);
    }
  );
  figures.restoredHealthyMs = roundMs(clock.now() - startedAt);
  const listed2 = (await client.memberList(leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS6 })).map((member) => member.name).sort();
  if (listed2.join(",") !== names.join(","))
    throw fail(`the restored cluster lists the members ${listed2.join(", ")}, not ${names.join(", ")}`);
  const got = await client.range(leader.clientUrl, prefix, { timeoutMs: REQUEST_TIMEOUT_MS6, prefix: true });
  const { missing, changed, unexpected } = compareRestored(expected, got);
  figures.keysRestored = expected.length - missing.length - changed.length;
  if (missing.length > 0)
    throw fail(`the restored cluster lacks ${some(missing)} of the ${expected.length} keys of the snapshot`);
  if (changed.length > 0)
    throw fail(`the restored cluster has another value or revision for ${some(changed)} keys of the snapshot`);
  if (unexpected.length > 0)
    throw fail(`the restored cluster has ${some(unexpected)} keys the snapshot did not (deleted before it was taken)`);
  const revision = await client.revision(leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS6 });
  figures.revisionRestored = revision;
  if (revision < revisionBefore || revision > revisionAfter) {
    throw fail(
      `the restored cluster is at revision ${revision}; the snapshot was taken at ${revisionBefore === revisionAfter ? revisionBefore : `${revisionBefore} to ${revisionAfter}`}`
    );
  }
  const after = await statusWithAgreedLeader(spec, client, REQUEST_TIMEOUT_MS6);
  if (!after) throw fail("the original members did not agree on one leader after the restore");
  const original = (await client.memberList(after.leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS6 })).map((member) => member.name).sort();
  const originalNames = spec.members.map((member) => member.name).sort();
  if (original.join(",") !== originalNames.join(","))
    throw fail(
      `the original cluster lists the members ${original.join(", ")} after the restore, not ${originalNames.join(", ")}`
    );
  const lost = await findLostKeys(client, after.leader.clientUrl, prefix, acknowledged, {
    timeoutMs: REQUEST_TIMEOUT_MS6
  });
  figures.keysAcknowledged = acknowledged.size;
  figures.keysLost = lost.length;
  if (lost.length > 0) throw fail(`the original cluster lacks ${some(lost)} acknowledged keys after the snapshot`);
  return {
    status: "pass",
    summary: `a ${bytes}-byte snapshot from ${source.name} (hash verified) restored in ${figures.restoreMs} ms into ${members.length} new members with a new token; all ${figures.keysRestored} keys and revision ${revision} came back, no deleted key; the original kept all ${acknowledged.size} acknowledged keys`,
    figures,
    notes
  };
}

// src/checks/status-check.ts
var REQUEST_TIMEOUT_MS7 = 3e3;
async function readStatusTable(spec, client, clock) {
  let slowestHealthMs = 0;
  const health = await Promise.all(
    spec.members.map(async (member) => {
      const started = clock.now();
      try {
        await client.health(member.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS7 });
        slowestHealthMs = Math.max(slowestHealthMs, clock.now() - started);
        return void 0;
      } catch (error) {
        return errorMessage(error);
      }
    })
  );
  const statuses = await collectStatus(client, spec.members, REQUEST_TIMEOUT_MS7);
  const rows = statuses.map((row, index) => {
    const problems = [health[index], row.error, ...row.status?.errors ?? []].filter((p) => !!p);
    return {
      name: row.member.name,
      endpoint: row.member.clientUrl,
      status: row.status,
      healthy: problems.length === 0,
      error: problems.length > 0 ? problems.join("; ") : void 0
    };
  });
  return { rows, slowestHealthMs };
}
var statusCheck = defineCheck({
  name: "status",
  proves: "every endpoint is healthy, exactly one member is the leader and every member names it",
  byDefault: true,
  stopsMembers: false,
  async run(ctx) {
    const { rows, slowestHealthMs } = await readStatusTable(ctx.spec, ctx.client, ctx.clock);
    const answered = rows.filter((row) => row.status);
    const leaders = answered.filter((row) => row.status?.isLeader);
    const agreed = agreedLeader(rows);
    const figures = {
      members: rows.length,
      healthy: rows.filter((row) => row.healthy).length,
      leaders: leaders.length,
      slowestHealthMs: roundMs(slowestHealthMs),
      raftTerm: Math.max(0, ...answered.map((row) => row.status?.raftTerm ?? 0)),
      largestDbSizeBytes: Math.max(0, ...answered.map((row) => row.status?.dbSize ?? 0))
    };
    const problems = rows.filter((row) => !row.healthy).map((row) => `${row.name} (${row.endpoint}) is not healthy: ${row.error}`);
    if (leaders.length !== 1) problems.push(`${leaders.length} members say they are the leader; exactly one must`);
    if (answered.length === rows.length && !agreed) {
      problems.push(
        `members disagree on the leader: ${answered.map((row) => `${row.name} says ${row.status?.leader ?? "none"}`).join(", ")}`
      );
    }
    if (problems.length > 0) {
      return { status: "fail", summary: problems.join("; "), figures, notes: [], members: rows };
    }
    const leader = leaders[0];
    return {
      status: "pass",
      summary: `all ${rows.length} members healthy; ${leader.name} (${leader.status?.id}) is the one leader every member names`,
      figures,
      notes: [],
      members: rows
    };
  }
});

// src/checks/tls.ts
import { readFile as readFile8 } from "node:fs/promises";

// src/checks/cis-audit.ts
var CIS_ITEMS = {
  "2.1": "cert-file and key-file are set: clients are served over TLS",
  "2.2": "client-cert-auth is true",
  "2.3": "auto-tls is not true",
  "2.4": "peer-cert-file and peer-key-file are set: peers talk over TLS",
  "2.5": "peer-client-cert-auth is true",
  "2.6": "peer-auto-tls is not true",
  "2.7": "a unique certificate authority is used for etcd"
};
function rulesByItem() {
  const byItem = /* @__PURE__ */ new Map();
  for (const rule of RULE_LIST) {
    if (rule.info.cis === void 0 || !rule.member) continue;
    byItem.set(rule.info.cis, [...byItem.get(rule.info.cis) ?? [], rule]);
  }
  return byItem;
}
function memberConfigOf(member) {
  const settings = member.settings.map(([name, value], index) => ({
    name,
    value: value === true ? "true" : value === false ? "false" : value,
    key: `--${name}`,
    source: "flag",
    at: { file: member.source, line: index + 1, column: 1 }
  }));
  return { name: member.name, form: "systemd-unit", file: member.source, settings, includes: [] };
}
function auditCis(members, version) {
  const byItem = rulesByItem();
  const configs = members.map(memberConfigOf);
  return Object.entries(CIS_ITEMS).map(([id, requirement]) => {
    const rules = byItem.get(id) ?? [];
    if (rules.length === 0) throw new Error(`no lint rule judges CIS ${id}`);
    const findings = configs.flatMap(
      (config) => rules.flatMap(
        (rule) => (rule.member?.(config, { version }) ?? []).map((finding) => ({
          member: config.name,
          rule: finding.rule,
          message: finding.message
        }))
      )
    );
    return { id, requirement, rules: rules.map((rule) => rule.info), findings };
  });
}

// src/checks/tls-probe.ts
import { request as httpRequest2 } from "node:http";
import { connect as http2Connect, constants as http2Constants } from "node:http2";
import { request as httpsRequest } from "node:https";
import { connect as netConnect, isIP as isIP5 } from "node:net";
import {
  connect as tlsConnect,
  createServer as createTlsServer
} from "node:tls";
function verdictOf(end) {
  if (end.kind === "answered") return "through";
  if (end.kind === "timeout") return "unanswered";
  return "refused";
}
function describeEnd(end) {
  switch (end.kind) {
    case "answered":
      if (end.grpcStatus === 0) return "the Range request was served";
      if (end.grpcStatus !== void 0)
        return `etcd's API answered with gRPC error ${end.grpcStatus}${end.grpcMessage ? ` (${end.grpcMessage})` : ""}`;
      return `answered with HTTP status ${end.httpStatus}`;
    case "https-only":
      return `answered 400: ${end.message}`;
    case "alert":
      return `handshake alert: ${end.alert}`;
    case "reset":
      return "connection reset by the server";
    case "closed":
      return "connection closed by the server without an answer";
    case "no-listener":
      return "connection refused: nothing listens there";
    case "error":
      return `${end.code}: ${end.message}`;
    case "timeout":
      return `no answer within ${end.ms} ms`;
    default: {
      const unknown = end;
      throw new Error(`unknown probe end ${JSON.stringify(unknown)}`);
    }
  }
}
var ALERT_CODE = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_(.+)$/;
var ALERT_MESSAGE = /(?:sslv3|tlsv1|tlsv13) alert ([a-z ]+?)(?::|$)/i;
function endOfError(error) {
  const code = error.code ?? "";
  const alert = ALERT_CODE.exec(code)?.[1].toLowerCase().replace(/_/g, " ") ?? ALERT_MESSAGE.exec(error.message)?.[1].toLowerCase();
  if (alert) return { kind: "alert", alert };
  if (code === "ECONNRESET" || code === "EPIPE") return { kind: "reset" };
  if (code === "ECONNREFUSED") return { kind: "no-listener" };
  return {
    kind: "error",
    code: code || error.name,
    message: error.message.split("\n")[0].replace(/^[0-9A-F]+:error:[0-9A-F]+:/, "")
  };
}
function grpcFrame(message) {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}
var hostOf2 = (url) => url.hostname.replace(/^\[(.*)\]$/, "$1");
function grpcMessage(value) {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return void 0;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
function probe(request2) {
  return request2.speaks === "grpc" ? probeGrpc(request2) : probeHttp1(request2);
}
function tlsOptions(host, tls) {
  return {
    servername: isIP5(host) ? void 0 : host,
    // The probe tests what the member refuses, not its certificate: a name mismatch must not end it first.
    rejectUnauthorized: false,
    ...tls
  };
}
var GO_HTTPS_ONLY = /Client sent an HTTP request to an HTTPS server/;
var BODY_LIMIT = 4096;
function probeHttp1(request2) {
  return new Promise((resolve) => {
    const url = new URL("/version", request2.url);
    const host = hostOf2(url);
    const common = { host, port: Number(url.port), path: "/version", method: "GET", agent: false };
    const get = request2.tls ? httpsRequest({ ...common, ...tlsOptions(host, request2.tls) }) : httpRequest2(common);
    let settled = false;
    const finish = (end) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      get.destroy();
      resolve(end);
    };
    const timer = setTimeout(() => finish({ kind: "timeout", ms: request2.timeoutMs }), request2.timeoutMs);
    get.on("error", (error) => finish(endOfError(error)));
    get.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => {
        if (body.length < BODY_LIMIT) body += chunk;
      });
      response.on("error", (error) => finish(endOfError(error)));
      response.on("close", () => {
        const status = response.statusCode ?? 0;
        finish(
          status === 400 && GO_HTTPS_ONLY.test(body) ? { kind: "https-only", message: body.trim() } : { kind: "answered", httpStatus: status }
        );
      });
    });
    get.end();
  });
}
function probeGrpc(request2) {
  return new Promise((resolve) => {
    const url = new URL(request2.url);
    const host = hostOf2(url);
    const port = Number(url.port);
    const socket = request2.tls ? tlsConnect({ host, port, ALPNProtocols: ["h2"], ...tlsOptions(host, request2.tls) }) : netConnect({ host, port });
    let answer;
    let settled = false;
    const finish = (end) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session.destroy();
      socket.destroy();
      resolve(end);
    };
    const timer = setTimeout(() => finish({ kind: "timeout", ms: request2.timeoutMs }), request2.timeoutMs);
    const answered = (headers) => {
      const status = headers["grpc-status"];
      finish({
        kind: "answered",
        httpStatus: Number(answer?.[":status"] ?? 0),
        grpcStatus: status === void 0 ? void 0 : Number(status),
        grpcMessage: grpcMessage(headers["grpc-message"])
      });
    };
    socket.on("error", (error) => finish(endOfError(error)));
    const session = http2Connect(`${request2.tls ? "https" : "http"}://${url.host}`, { createConnection: () => socket });
    session.on("error", (error) => finish(endOfError(error)));
    const stream = session.request({
      [http2Constants.HTTP2_HEADER_METHOD]: "POST",
      [http2Constants.HTTP2_HEADER_PATH]: "/etcdserverpb.KV/Range",
      "content-type": "application/grpc",
      te: "trailers"
    });
    stream.on("error", (error) => finish(endOfError(error)));
    stream.on("response", (headers) => {
      answer = headers;
      if (headers["grpc-status"] !== void 0) answered(headers);
    });
    stream.on("trailers", (trailers) => answered(trailers));
    stream.on("close", () => {
      if (answer) answered(answer);
      else setImmediate(() => finish(socket.errored ? endOfError(socket.errored) : { kind: "closed" }));
    });
    stream.resume();
    stream.end(grpcFrame(encodeRangeRequest({ key: Buffer.from(request2.key) })));
  });
}
function whyCannotOffer(tls, server, timeoutMs) {
  return new Promise((resolve) => {
    const listener = createTlsServer(
      { ...server, minVersion: tls.minVersion, maxVersion: tls.maxVersion, ciphers: tls.ciphers },
      (connection) => connection.on("error", () => void 0)
    );
    let client;
    let settled = false;
    const finish = (why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client?.destroy();
      listener.close();
      resolve(why);
    };
    const timer = setTimeout(
      () => finish(`no handshake with a TLS server on this machine within ${timeoutMs} ms`),
      timeoutMs
    );
    listener.on(
      "tlsClientError",
      (error) => finish(`a TLS server on this machine refused it too: ${describeEnd(endOfError(error))}`)
    );
    listener.on("error", (error) => finish(`could not listen on loopback to find out: ${error.message}`));
    listener.listen(0, "127.0.0.1", () => {
      const address = listener.address();
      const port = typeof address === "object" && address ? address.port : 0;
      client = tlsConnect({ host: "127.0.0.1", port, rejectUnauthorized: false, ...tls });
      client.on("secureConnect", () => {
        const protocol = client?.getProtocol();
        finish(protocol === tls.maxVersion ? void 0 : `this machine's TLS made a ${protocol} handshake instead`);
      });
      client.on("error", (error) => finish(`this machine's TLS client could not: ${describeEnd(endOfError(error))}`));
    });
  });
}

// src/checks/tls.ts
var PROBE_TIMEOUT_MS = 3e3;
var DAY_MS2 = 24 * 60 * 60 * 1e3;
var SUMMARY_PROBLEMS = 3;
var TLS_PROBES = ["no-cert", "other-ca", "expired", "plaintext", "tls-1.1"];
var PROBE_LABELS = {
  control: "a valid certificate (control)",
  "no-cert": "a client without a certificate",
  "other-ca": "a certificate from another CA",
  expired: "an expired certificate of the cluster's CA",
  plaintext: "plaintext",
  "tls-1.1": "TLS 1.1 with a valid certificate"
};
var TLS_1_1 = { minVersion: "TLSv1.1", maxVersion: "TLSv1.1", ciphers: "DEFAULT@SECLEVEL=0" };
async function probeMaterial(spec, wallNow) {
  const now = new Date(wallNow);
  const [cert, key] = await Promise.all([
    readFile8(spec.pki.apiserverClientCert, "utf8"),
    readFile8(spec.pki.apiserverClientKey, "utf8")
  ]);
  const valid = { cert, key };
  const day = { validityDays: 1, now };
  const [foreignCaKey, foreignClientKey, selfTestKey, expiredKey] = await Promise.all(
    Array.from({ length: 4 }, () => newKey(DEFAULT_KEY_ALGORITHM))
  );
  const foreignCa = await createCertificateAuthority(foreignCaKey, day);
  const [foreign, selfTestServer] = await Promise.all([
    issueCertificate(foreignCa, foreignClientKey, { commonName: "etcd-ha-tls-probe", usages: ["clientAuth"] }, day),
    issueCertificate(
      foreignCa,
      selfTestKey,
      { commonName: "localhost", altNames: { dns: ["localhost"], ips: ["127.0.0.1"] }, usages: ["serverAuth"] },
      day
    )
  ]);
  const tls11 = { ...valid, ...TLS_1_1 };
  const cannotOffer = await whyCannotOffer(
    tls11,
    { cert: selfTestServer.certPem, key: selfTestServer.keyPem },
    PROBE_TIMEOUT_MS
  );
  return {
    control: { tls: valid },
    "no-cert": { tls: {} },
    "other-ca": { tls: { cert: foreign.certPem, key: foreign.keyPem } },
    expired: await expiredCertificate(spec, expiredKey, now).then(
      (expired) => ({ tls: { cert: expired.certPem, key: expired.keyPem } }),
      (error) => ({ skipped: error.message })
    ),
    plaintext: {},
    "tls-1.1": cannotOffer === void 0 ? { tls: tls11 } : {
      skipped: `this machine's TLS client cannot offer TLS 1.1, so nothing was proven about it (${cannotOffer})`
    }
  };
}
async function expiredCertificate(spec, key, now) {
  let caKey;
  try {
    caKey = await readFile8(spec.pki.caKey, "utf8");
  } catch (error) {
    const code = error.code;
    throw new Error(
      `the PKI has no CA key (${spec.pki.caKey}${code && code !== "ENOENT" ? `: ${code}` : ""}), as a provided PKI may not: no expired certificate of the cluster's CA could be made`
    );
  }
  try {
    const ca = await loadCertificateAuthority(await readFile8(spec.pki.caCert, "utf8"), caKey);
    return await issueCertificate(
      ca,
      key,
      { commonName: "etcd-ha-tls-probe-expired", usages: ["clientAuth"] },
      { validityDays: 1, now: new Date(now.getTime() - 2 * DAY_MS2) }
    );
  } catch (error) {
    throw new Error(`no expired certificate of the cluster's CA could be made: ${errorMessage(error)}`);
  }
}
function probedUrls(spec) {
  return spec.members.flatMap((member) => [
    { member: member.name, port: "client", url: member.clientUrl },
    ...member.peerUrl ? [{ member: member.name, port: "peer", url: member.peerUrl }] : []
  ]);
}
var isPlain = (url) => url.startsWith("http://");
async function probeUrl(at2, material, key, timeoutMs = PROBE_TIMEOUT_MS) {
  const speaks = at2.port === "client" ? "grpc" : "http1";
  const records = [];
  for (const name of ["control", ...TLS_PROBES]) {
    const plainUrl = isPlain(at2.url);
    const presents = plainUrl && name === "control" ? {} : material[name];
    if (plainUrl && name !== "plaintext" && name !== "control")
      records.push({ at: at2, probe: name, skipped: `the ${at2.port} URL is http: there is no TLS to probe` });
    else if ("skipped" in presents) records.push({ at: at2, probe: name, skipped: presents.skipped });
    else
      records.push({ at: at2, probe: name, end: await probe({ url: at2.url, tls: presents.tls, speaks, key, timeoutMs }) });
  }
  return records;
}
var RESULT_WORDS = {
  refused: "refused",
  through: "GOT THROUGH",
  unanswered: "NO ANSWER"
};
function resultOf(record) {
  if (!record.end) return "skipped";
  const verdict = verdictOf(record.end);
  if (record.probe === "control") return verdict === "through" ? "served" : "NOT SERVED";
  return RESULT_WORDS[verdict];
}
function probeTable(records) {
  const rows = /* @__PURE__ */ new Map();
  for (const record of records) {
    const cells = [
      PROBE_LABELS[record.probe],
      record.at.port,
      record.end ? describeEnd(record.end) : record.skipped ?? "",
      resultOf(record)
    ];
    const id = cells.join("\n");
    const row = rows.get(id) ?? { cells, members: [] };
    row.members.push(record.at.member);
    rows.set(id, row);
  }
  return {
    title: "Probes (client ports: a gRPC Range; peer ports: GET /version)",
    headers: ["PROBE", "PORT", "MEMBERS", "WHAT HAPPENED", "RESULT"],
    rows: [...rows.values()].map(({ cells: [probe2, port, happened, result], members }) => [
      probe2,
      port,
      members.join(", "),
      happened,
      result
    ])
  };
}
function probeProblems(records) {
  return records.flatMap((record) => {
    if (!record.end) return [];
    const where2 = `${record.at.member}'s ${record.at.port} URL ${record.at.url}`;
    const verdict = verdictOf(record.end);
    const happened = describeEnd(record.end);
    if (record.probe === "control") {
      return verdict === "through" ? [] : [
        `a client with a valid certificate was not served on ${where2} (${happened}), so what it refused proves nothing`
      ];
    }
    if (verdict === "through") return [`${PROBE_LABELS[record.probe]} got through on ${where2}: ${happened}`];
    if (verdict === "unanswered")
      return [`${PROBE_LABELS[record.probe]} on ${where2} was neither refused nor answered: ${happened}`];
    return [];
  });
}
function cisTable(rows) {
  return {
    title: "CIS Kubernetes Benchmark, etcd (the members' settings as they run, judged by the lint rules)",
    headers: ["CIS", "REQUIREMENT", "LINT RULES", "RESULT"],
    rows: rows.map((row) => [
      row.id,
      row.requirement,
      row.rules.map((rule) => rule.id).join(", "),
      row.findings.length === 0 ? "pass" : `FAIL (${[...new Set(row.findings.map((finding) => finding.member))].join(", ")})`
    ])
  };
}
function cisNotes(rows) {
  return rows.flatMap((row) => {
    const byMessage = /* @__PURE__ */ new Map();
    for (const finding of row.findings) {
      const message = `${finding.rule}: ${finding.message}`;
      byMessage.set(message, [.../* @__PURE__ */ new Set([...byMessage.get(message) ?? [], finding.member])]);
    }
    return [...byMessage.entries()].map(([message, members]) => `CIS ${row.id} on ${members.join(", ")}: ${message}`);
  });
}
async function reportedVersion(ctx) {
  for (const member of ctx.spec.members) {
    try {
      return (await ctx.client.status(member.clientUrl, { timeoutMs: PROBE_TIMEOUT_MS })).version;
    } catch {
    }
  }
  return "";
}
var settingsKnown = (spec) => spec.members.every((member) => member.peerUrl !== "");
var tlsCheck = defineCheck({
  name: "tls",
  proves: "every member's client and peer URL refuse a client without a certificate, one from another CA, an expired one, plaintext and TLS 1.1, while serving a valid certificate; the members' settings meet CIS Kubernetes Benchmark etcd 2.1\u20132.7",
  byDefault: false,
  stopsMembers: false,
  async run(ctx) {
    const { spec } = ctx;
    const notes = [];
    const material = await probeMaterial(spec, ctx.clock.wallNow());
    for (const presents of Object.values(material)) if ("skipped" in presents) notes.push(presents.skipped);
    const known = settingsKnown(spec);
    if (!known)
      notes.push("the peer URLs of a cluster given by its endpoints are not known: only the client URLs were probed");
    const urls = probedUrls(spec);
    const records = (await Promise.all(urls.map((at2) => probeUrl(at2, material, `${ctx.keyPrefix}tls-probe`)))).flat();
    const tried = records.filter((record) => record.probe !== "control" && record.end);
    const refused = tried.filter((record) => record.end && verdictOf(record.end) === "refused").length;
    const problems = probeProblems(records);
    const plainUrls = urls.filter((at2) => isPlain(at2.url));
    if (plainUrls.some((at2) => at2.port === "client"))
      problems.unshift(
        `the cluster serves clients over http (${plainUrls.filter((at2) => at2.port === "client").map((at2) => at2.url).join(", ")})`
      );
    const tables = [probeTable(records)];
    const figures = { probes: tried.length, refused };
    if (known) {
      const version = parseEtcdVersion(await reportedVersion(ctx));
      const rows = auditCis(
        spec.members.map((member) => ({
          name: member.name,
          source: member.configured?.file ?? `${member.name} (etcd-ha's settings)`,
          settings: memberSettings(spec, member)
        })),
        version
      );
      tables.push(cisTable(rows));
      notes.push(...cisNotes(rows));
      const cisFailed = rows.filter((row) => row.findings.length > 0).map((row) => row.id);
      figures.cisPassed = rows.length - cisFailed.length;
      figures.cisFailed = cisFailed.length;
      if (cisFailed.length > 0) problems.push(`CIS ${cisFailed.join(", ")} not met (see the notes)`);
    } else {
      notes.push(
        "the settings of a cluster given by its endpoints are not known: the CIS audit was not made (run `etcd-ha lint` on the members' configuration)"
      );
    }
    if (problems.length > 0) {
      const more = problems.length > SUMMARY_PROBLEMS ? `; and ${problems.length - SUMMARY_PROBLEMS} more (see the tables)` : "";
      return { status: "fail", summary: problems.slice(0, SUMMARY_PROBLEMS).join("; ") + more, figures, notes, tables };
    }
    const cis = known ? "; the members meet CIS 2.1\u20132.7" : "";
    return {
      status: "pass",
      summary: `all ${tried.length} probes refused on ${urls.length} URLs, a valid certificate served on each${cis}`,
      figures,
      notes,
      tables
    };
  }
});

// src/checks/registry.ts
var CHECKS = [
  statusCheck,
  failoverCheck,
  quorumLossCheck,
  partitionCheck,
  membershipCheck,
  snapshotRestoreCheck,
  historyCheck,
  tlsCheck
];
var CHECK_NAMES = CHECKS.map((check) => check.name);
var DEFAULT_CHECKS = CHECKS.filter((check) => check.byDefault).map(
  (check) => check.name
);
function checkNamed(name) {
  const check = CHECKS.find((candidate) => candidate.name === name);
  if (!check) throw new Error(`no check named ${name}`);
  return check;
}
function checksMayUse(names, fault) {
  return names.some((name) => {
    const check = checkNamed(name);
    return check.stopsMembers && (check.needs.includes(fault) || (check.uses ?? []).includes(fault));
  });
}
function isCheckName(name) {
  return CHECK_NAMES.includes(name);
}

// src/config/options.ts
var DNS_NAME2 = /^(?=.{1,253}$)(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
var DNS_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
function parseMemberList(read) {
  const entries = read.list("member-list");
  if (entries.length === 0) return void 0;
  const allowed = "name=address entries (a DNS label, then an IP address or DNS name), one per member, comma- or newline-separated";
  const list = entries.map((entry) => {
    const [name, address, ...rest] = entry.split("=");
    if (!name || !address || rest.length > 0 || !DNS_LABEL.test(name) || isIP6(address) === 0 && !DNS_NAME2.test(address)) {
      read.fail("member-list", entry, allowed);
    }
    return { name, address };
  });
  for (const key of ["name", "address"]) {
    const seen = /* @__PURE__ */ new Set();
    for (const member of list) {
      if (seen.has(member[key]))
        read.fail("member-list", read.raw("member-list") ?? "", `${allowed}; the ${key} ${member[key]} appears twice`);
      seen.add(member[key]);
    }
  }
  if (list.length > 9)
    read.fail("member-list", read.raw("member-list") ?? "", `at most 9 members (${list.length} given)`);
  return list;
}
function parseTopology(read, target = { kind: DEFAULT_TARGET_KIND }, { freeLoopbackBlock = false } = {}) {
  const addressing = targetAddressing(target);
  for (const { name, allowed } of addressing.refused) {
    const value = read.raw(name);
    if (value !== void 0) read.fail(name, value, allowed);
  }
  const memberList = addressing.implied?.list ?? parseMemberList(read);
  const members = read.integer("members", memberList?.length ?? 3, 1, 9);
  if (memberList && members !== memberList.length) {
    const source = addressing.implied?.option ?? "member-list";
    read.fail("members", String(members), `${memberList.length}, the number of entries in ${source} (or leave it out)`);
  }
  const baseAddress = read.raw("base-address") ?? addressing.defaultBase({ freeLoopbackBlock });
  const baseProblem = addressing.baseProblem(baseAddress.split(".").map(Number), isIP6(baseAddress) === 4, members);
  if (baseProblem !== void 0) read.fail("base-address", baseAddress, baseProblem);
  const clientPort = read.integer("client-port", 2379, 1024, 65535);
  const peerPort = read.integer("peer-port", 2380, 1024, 65535);
  if (clientPort === peerPort) {
    read.fail("peer-port", String(peerPort), `a port other than the client port ${clientPort}`);
  }
  const extraSans = read.list("extra-sans");
  for (const san of extraSans) {
    if (isIP6(san) === 0 && !DNS_NAME2.test(san)) {
      read.fail("extra-sans", san, "IP addresses and DNS names, separated by commas or new lines");
    }
  }
  return {
    members,
    ...memberList ? { memberList } : {},
    baseAddress,
    clientPort,
    peerPort,
    extraSans,
    certValidityDays: read.integer("cert-validity-days", 365, 1, 3650),
    keyAlgorithm: parseKeyAlgorithm(read)
  };
}
function parseKeyAlgorithm(read) {
  refuseReplacedOptions(read);
  return read.oneOf("key-algorithm", DEFAULT_KEY_ALGORITHM, KEY_ALGORITHMS);
}
function refuseReplacedOptions(read) {
  const keySize = read.raw("key-size");
  if (keySize !== void 0) {
    const name = (option) => read.label === flagLabel ? `--${option}` : option;
    const algorithm = `rsa-${keySize}`;
    const hint = KEY_ALGORITHMS.includes(algorithm) ? `${name("key-size")} '${keySize}' is ${name("key-algorithm")} ${algorithm}` : `allowed: ${name("key-algorithm")}, one of ${KEY_ALGORITHMS.join(", ")}`;
    throw new ConfigurationError(
      `${read.label("key-size")} was replaced by ${name("key-algorithm")} (e.g. rsa-2048); ${hint}`
    );
  }
}
function parseTiming(read) {
  const heartbeatMs = read.integer("heartbeat-ms", 100, 10, 1e4);
  const electionMs = read.integer("election-ms", 1e3, 50, 5e4);
  if (electionMs < 5 * heartbeatMs) {
    read.fail(
      "election-ms",
      String(electionMs),
      `at least 5 x heartbeat-ms (${5 * heartbeatMs} for heartbeat-ms ${heartbeatMs}), as etcd requires`
    );
  }
  const startupTimeoutMs = read.integer("startup-timeout-seconds", 60, 1, 600) * 1e3;
  return { heartbeatMs, electionMs, startupTimeoutMs };
}
function parseEtcdVersion2(value) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(value);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : void 0;
}
function compareVersions(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
function parseEtcdBinary(read) {
  const etcdVersion = read.raw("etcd-version");
  if (etcdVersion !== void 0) {
    const parsed = parseEtcdVersion2(etcdVersion);
    if (!parsed || compareVersions(parsed, MIN_ETCD_VERSION) < 0) {
      read.fail("etcd-version", etcdVersion, `a release version such as ${DEFAULT_ETCD_VERSION}, 3.4.0 or later`);
    }
  }
  const downloadUrl = read.raw("etcd-download-url") ?? DEFAULT_DOWNLOAD_URL;
  let url;
  try {
    url = new URL(downloadUrl);
  } catch {
    url = void 0;
  }
  const loopback = url !== void 0 && /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname);
  if (!url || url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    read.fail(
      "etcd-download-url",
      downloadUrl,
      "an https URL of a folder laid out like etcd release downloads (http only to localhost, 127.x.y.z or [::1])"
    );
  }
  return {
    etcdPath: read.raw("etcd-path"),
    etcdVersion: etcdVersion?.replace(/^v/, ""),
    downloadUrl: downloadUrl.replace(/\/+$/, "")
  };
}
function parseProvidedPki(read) {
  return { pkiDir: read.raw("pki-dir"), minValidityDays: read.integer("min-cert-validity-days", 7, 0, 3650) };
}
function parseCheckSelection(read, members) {
  const allowed = `a list of ${CHECK_NAMES.join(", ")}, or all`;
  const names = read.list("checks");
  const raw = read.raw("checks");
  if (raw !== void 0 && names.length === 0) read.fail("checks", raw, allowed);
  const checks = [];
  const required = /* @__PURE__ */ new Set();
  for (const name of names.length === 0 ? DEFAULT_CHECKS : names) {
    if (name === "all") checks.push(...CHECK_NAMES);
    else if (isCheckName(name)) {
      checks.push(name);
      required.add(name);
    } else read.fail("checks", name, allowed);
  }
  const unique = [...new Set(checks)];
  const tooFew = CHECKS.filter((check) => required.has(check.name) && (check.minMembers?.count ?? 1) > members);
  if (tooFew.length > 0) {
    const needed = Math.max(...tooFew.map((check) => check.minMembers?.count ?? 1));
    const counts = `${needed} to 9`;
    const why = [...new Set(tooFew.map((check) => check.minMembers?.why))].join("; ");
    const fitting = unique.filter((name) => !tooFew.some((check) => check.name === name));
    const plural = (list) => list.length > 1 ? "s" : "";
    read.fail(
      "members",
      String(members),
      `${counts} for the ${tooFew.map((check) => check.name).join(" and ")} check${plural(tooFew)} (${why})` + (fitting.length > 0 ? `; to run only the ${fitting.join(" and ")} check${plural(fitting)} on ${members} member${members === 1 ? "" : "s"}, set checks to ${fitting.join(",")}` : "")
    );
  }
  return { checks: unique, optional: unique.filter((name) => !required.has(name)) };
}
function parseRounds(read) {
  return read.integer("rounds", 1, 1, MAX_ROUNDS);
}
var DECIDED_BY_CONFIG = [
  "members",
  "member-list",
  "heartbeat-ms",
  "election-ms",
  "client-port",
  "peer-port"
];
function parseConfigPath(read) {
  const config = read.raw("config");
  if (config === void 0) return void 0;
  for (const name of DECIDED_BY_CONFIG) {
    const value = read.raw(name);
    if (value !== void 0) {
      read.fail(
        name,
        value,
        `nothing together with ${read.label("config")} '${config}': the configuration decides the members, their names, ports and timing`
      );
    }
  }
  return config;
}
function parseClusterOptions(read) {
  const target = parseTarget(read);
  const config = parseConfigPath(read);
  const provided = parseProvidedPki(read);
  const topology = parseTopology(read, target, { freeLoopbackBlock: provided.pkiDir === void 0 });
  const warning = config === void 0 ? memberCountWarning(topology.members) : void 0;
  return {
    ...config === void 0 ? {} : { config },
    target,
    topology,
    timing: parseTiming(read),
    binary: parseEtcdBinary(read),
    provided,
    warnings: warning ? [warning] : []
  };
}
function parseRunOptions(read) {
  const options = parseClusterOptions(read);
  const { checks, optional } = parseCheckSelection(read, options.topology.members);
  return { ...options, checks, optionalChecks: optional, rounds: parseRounds(read) };
}
function memberCountWarning(members) {
  if (members > 1 && members % 2 === 0) {
    const tolerated = Math.floor((members - 1) / 2);
    return `members is ${members}: an even count adds no fault tolerance over ${members - 1} (both tolerate ${tolerated} failed member${tolerated === 1 ? "" : "s"}) and needs a larger quorum`;
  }
  return void 0;
}
function parseGivenCluster(read) {
  const entries = read.list("endpoints");
  if (entries.length === 0) return void 0;
  const allowed = "https://host:port or name=https://host:port entries, one per member, comma- or newline-separated";
  const members = entries.map((entry, index) => {
    const [name, rawUrl] = entry.includes("=") ? entry.split(/=(.*)/s) : [`etcd-${index + 1}`, entry];
    let url;
    try {
      url = new URL(rawUrl);
    } catch {
      url = void 0;
    }
    if (!url || url.protocol !== "https:" || !url.port || url.pathname !== "/" && url.pathname !== "" || !DNS_LABEL.test(name)) {
      return read.fail("endpoints", entry, allowed);
    }
    return { name, clientUrl: `https://${url.host}` };
  });
  for (const key of ["name", "clientUrl"]) {
    const seen = /* @__PURE__ */ new Set();
    for (const member of members) {
      if (seen.has(member[key]))
        read.fail("endpoints", read.raw("endpoints") ?? "", `${allowed}; ${member[key]} appears twice`);
      seen.add(member[key]);
    }
  }
  const pkiDir = read.raw("pki-dir");
  if (pkiDir === void 0)
    read.fail(
      "pki-dir",
      "",
      "the PKI folder of the cluster (etcd/ca.crt and apiserver-etcd-client.crt/.key, as kubeadm lays them out), with endpoints"
    );
  return { members, pkiDir, timing: parseTiming(read) };
}

// src/util/escape.ts
var MARKDOWN_SYNTAX = /[\\`*_[\]!|~]/g;
function literalMarkdown(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(MARKDOWN_SYNTAX, (char) => `\\${char}`).replace(/\r?\n|\r/g, "<br>");
}
function escapeMarkdownCell(text) {
  return text.split(/(`[^`\n]+`)/).map((part) => /^`[^`\n]+`$/.test(part) ? markdownCode(part.slice(1, -1)) : literalMarkdown(part)).join("");
}
function markdownCode(text) {
  return `<code>${literalMarkdown(text)}</code>`;
}
function escapeTerminal(text) {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "?").replace(/\n/g, " ");
}

// src/lint/scan.ts
import { promises as fs2 } from "node:fs";

// src/lint/readers/file-tree.ts
import { promises as fs, constants as fsConstants } from "node:fs";
import path11 from "node:path";

// src/lint/readers/glob.ts
function isGlob(path13) {
  return /[*?]/.test(path13);
}
function splitGlob(glob) {
  const parts = glob.split("/");
  const first = parts.findIndex((part) => isGlob(part));
  const baseParts = parts.slice(0, first);
  const base = baseParts.length === 0 ? "." : baseParts.join("/") === "" ? "/" : baseParts.join("/");
  return { base, pattern: parts.slice(first).join("/") };
}
function escapeRegExp(text) {
  return text.replace(/[.+^${}()|[\]\\]/g, "\\$&");
}
function globPatternToRegExp(pattern) {
  const parts = pattern.split("/").filter((part) => part !== "");
  let source = "";
  parts.forEach((part, index) => {
    const last = index === parts.length - 1;
    if (part === "**") {
      source += last ? ".*" : "(?:[^/]*/)*";
      return;
    }
    source += part.split("").map((char) => char === "*" ? "[^/]*" : char === "?" ? "[^/]" : escapeRegExp(char)).join("");
    if (!last) source += "/";
  });
  return new RegExp(`^${source}$`);
}

// src/lint/readers/file-tree.ts
var SKIPPED_FOLDERS = /* @__PURE__ */ new Set([".git", "node_modules"]);
function displayName(cwd, absolute, givenAbsolute) {
  const relative = path11.relative(cwd, absolute).split(path11.sep).join("/");
  if (givenAbsolute && (relative.startsWith("../") || relative === ".." || path11.isAbsolute(relative)))
    return absolute.split(path11.sep).join("/");
  return relative === "" ? "." : relative;
}
function isInside(child, root) {
  const relative = path11.relative(root, child);
  return relative !== ".." && !relative.startsWith(`..${path11.sep}`) && !path11.isAbsolute(relative);
}
async function addFile(collector, absolute, file, explicit) {
  const real = await fs.realpath(absolute).catch(() => absolute);
  if (collector.seen.has(real)) return;
  collector.seen.add(real);
  collector.files.push({ absolute, file, explicit });
}
async function walk(collector, folder, root, givenAbsolute, visited, visit, wanted = () => true, base = folder) {
  const real = await fs.realpath(folder);
  if (visited.has(real)) return;
  visited.add(real);
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch((error) => {
    const file = displayName(collector.cwd, folder, givenAbsolute);
    collector.findings.push({
      file,
      line: 1,
      column: 1,
      severity: "notice",
      rule: READER_RULE_IDS.skipped,
      message: `Folder not read (${errorMessage(error)}): the files in it are not linted.`
    });
    return [];
  });
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const entry of entries) {
    if (SKIPPED_FOLDERS.has(entry.name)) continue;
    const absolute = path11.join(folder, entry.name);
    const relative = path11.relative(base, absolute).split(path11.sep).join("/");
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await fs.realpath(absolute).catch(() => void 0);
      if (target === void 0) continue;
      if (!isInside(target, root)) {
        if (!wanted(relative)) continue;
        const file = displayName(collector.cwd, absolute, givenAbsolute);
        collector.findings.push({
          file,
          line: 1,
          column: 1,
          severity: "notice",
          rule: READER_RULE_IDS.skipped,
          message: `Symbolic link to ${target}, outside the scanned folder: not followed.`
        });
        continue;
      }
      const stat = await fs.stat(target);
      isDirectory = stat.isDirectory();
      isFile = stat.isFile();
    }
    if (isDirectory) await walk(collector, absolute, root, givenAbsolute, visited, visit, wanted, base);
    else if (isFile) await visit(absolute, relative);
  }
}
async function collectFiles(paths, cwd) {
  const collector = { cwd, files: [], seen: /* @__PURE__ */ new Set(), findings: [] };
  for (const given2 of paths) {
    const givenAbsolute = path11.isAbsolute(given2);
    if (isGlob(given2)) {
      const { base, pattern } = splitGlob(given2);
      const folder = path11.resolve(cwd, base);
      const stat2 = await fs.stat(folder).catch(() => void 0);
      if (!stat2?.isDirectory()) throw new ConfigurationError(`lint path ${given2}: the folder ${base} does not exist`);
      const matcher = globPatternToRegExp(pattern);
      let matched = false;
      const visit = async (absolute2, relative) => {
        if (!matcher.test(relative)) return;
        matched = true;
        await addFile(collector, absolute2, displayName(cwd, absolute2, givenAbsolute), true);
      };
      const wanted = (relative) => {
        if (matcher.test(relative)) matched = true;
        return matcher.test(relative);
      };
      await walk(collector, folder, await fs.realpath(folder), givenAbsolute, /* @__PURE__ */ new Set(), visit, wanted);
      if (!matched) throw new ConfigurationError(`lint path ${given2} matches no file`);
      continue;
    }
    const absolute = path11.resolve(cwd, given2);
    const stat = await fs.stat(absolute).catch(() => void 0);
    if (!stat) throw new ConfigurationError(`lint path ${given2} does not exist`);
    try {
      await fs.access(absolute, fsConstants.R_OK);
      if (stat.isDirectory()) await fs.readdir(absolute);
    } catch (error) {
      throw new ConfigurationError(`lint path ${given2} cannot be read: ${errorMessage(error)}`);
    }
    if (stat.isDirectory()) {
      await walk(
        collector,
        absolute,
        await fs.realpath(absolute),
        givenAbsolute,
        /* @__PURE__ */ new Set(),
        async (file) => addFile(collector, file, displayName(cwd, file, givenAbsolute), false)
      );
    } else {
      await addFile(collector, absolute, displayName(cwd, absolute, givenAbsolute), true);
    }
  }
  return { files: collector.files, findings: collector.findings };
}

// src/lint/readers/include-resolver.ts
import path12 from "node:path";
function unitNameOf(file) {
  const parts = file.split("/");
  const folder = parts.length > 1 ? parts[parts.length - 2] : "";
  const dropIn = /^(.+\.(service|socket|target|timer))\.d$/.exec(folder);
  if (dropIn) return dropIn[1];
  const name = parts[parts.length - 1];
  return /\.(service|socket|target|timer)$/.test(name) ? name : void 0;
}
function expandSpecifiers(written2, unit) {
  const full = unit ?? "";
  const withoutType = full.replace(/\.[^.]+$/, "");
  const at2 = withoutType.indexOf("@");
  const prefix = at2 >= 0 ? withoutType.slice(0, at2) : withoutType;
  const instance = at2 >= 0 ? withoutType.slice(at2 + 1) : "";
  const lastDash = prefix.lastIndexOf("-");
  const known = {
    "%": "%",
    n: full,
    N: withoutType,
    p: prefix,
    P: prefix,
    i: instance,
    I: instance,
    j: lastDash >= 0 ? prefix.slice(lastDash + 1) : prefix,
    J: lastDash >= 0 ? prefix.slice(lastDash + 1) : prefix,
    f: `/${instance}`
  };
  return written2.replace(/%(.)/g, (_whole, letter) => {
    if (letter === "%") return "%";
    if (unit !== void 0 && known[letter] !== void 0) return known[letter];
    return "*";
  });
}
function segmentPattern(segment) {
  const escaped = segment.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*");
  return new RegExp(`^${escaped}$`);
}
function endsWithSegments(file, suffix) {
  const parts = file.split("/");
  if (parts.length < suffix.length) return false;
  const tail2 = parts.slice(parts.length - suffix.length);
  return suffix.every((segment, index) => segmentPattern(segment).test(tail2[index]));
}
var byName = (a, b) => a < b ? -1 : a > b ? 1 : 0;
var isUnder = (file, folder) => folder === "." || file.startsWith(`${folder}/`);
function suffixResolver(sources) {
  const byFile = new Map(sources.map((source) => [source.file, source]));
  return {
    resolve(written2, from, accepts = () => true) {
      const named = expandSpecifiers(written2, unitNameOf(from.file));
      const folder = path12.posix.dirname(from.file);
      if (!named.startsWith("/") && !named.includes("*")) {
        const beside = path12.posix.normalize(path12.posix.join(folder, named));
        const found = byFile.get(beside);
        if (found && found !== from && accepts(found)) return { found };
      }
      const parts = named.split("/").filter((part) => part !== "" && part !== "." && part !== "..");
      const otherForm = /* @__PURE__ */ new Set();
      for (let length = parts.length; length > 0; length--) {
        const suffix = parts.slice(-length);
        const matches = sources.filter((source) => source !== from && endsWithSegments(source.file, suffix));
        if (matches.length === 0) continue;
        const usable = matches.filter((source) => {
          if (accepts(source)) return true;
          if (isUnder(source.file, folder)) otherForm.add(source.file);
          return false;
        });
        if (usable.length === 0) continue;
        const ownTree = usable.filter((source) => isUnder(source.file, folder));
        if (ownTree.length === 1) return { found: ownTree[0] };
        const depth = (file) => file.split("/").length;
        const nearest2 = Math.min(...ownTree.map((source) => depth(source.file)));
        const closest = ownTree.filter((source) => depth(source.file) === nearest2);
        if (closest.length === 1) return { found: closest[0] };
        if (usable.length === 1) return { found: usable[0] };
        return { ambiguous: usable.map((source) => source.file).sort(byName) };
      }
      return otherForm.size > 0 ? { otherForm: [...otherForm].sort(byName) } : {};
    }
  };
}

// src/lint/readers/config-file.ts
var import_yaml3 = __toESM(require_dist(), 1);

// src/lint/readers/source.ts
function sourceText(file, text) {
  const clean = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const lineStarts = [0];
  for (let i = 0; i < clean.length; i++) if (clean[i] === "\n") lineStarts.push(i + 1);
  return { file, text: clean, lineStarts };
}
function positionAt(source, offset) {
  let low = 0;
  let high = source.lineStarts.length - 1;
  while (low < high) {
    const middle = low + high + 1 >> 1;
    if (source.lineStarts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { file: source.file, line: low + 1, column: offset - source.lineStarts[low] + 1 };
}
function linesOf(source) {
  return source.lineStarts.map((start, index) => {
    const end = index + 1 < source.lineStarts.length ? source.lineStarts[index + 1] - 1 : source.text.length;
    const text = source.text.slice(start, end);
    return { text: text.endsWith("\r") ? text.slice(0, -1) : text, offset: start, number: index + 1 };
  });
}
function findingAtPosition(at2, severity, rule, message) {
  return { file: at2.file, line: at2.line, column: at2.column, severity, rule, message };
}
function contiguousWord(source, text, offset) {
  return { text, at: (index) => positionAt(source, offset + Math.min(index, Math.max(text.length - 1, 0))) };
}

// src/lint/readers/yaml-source.ts
var import_yaml2 = __toESM(require_dist(), 1);
function parseYaml(source) {
  const documents = (0, import_yaml2.parseAllDocuments)(source.text, { version: "1.1", uniqueKeys: false, prettyErrors: false });
  return Array.isArray(documents) ? documents : [];
}
function yamlParseFindings(source, documents) {
  return documents.flatMap((document) => {
    const error = document.errors[0];
    if (!error) return [];
    const at2 = positionAt(source, error.pos[0]);
    const message = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    return [findingAtPosition(at2, "error", READER_RULE_IDS.parse, `YAML does not parse: ${message}`)];
  });
}
function nodePosition(source, node, fallback) {
  return node?.range ? positionAt(source, node.range[0]) : fallback;
}
function keyText(pair) {
  return (0, import_yaml2.isScalar)(pair.key) && pair.key.value !== null ? String(pair.key.value) : void 0;
}
function pairsOf(node) {
  if (!(0, import_yaml2.isMap)(node)) return [];
  return node.items.flatMap((pair) => {
    const key = (0, import_yaml2.isPair)(pair) ? keyText(pair) : void 0;
    return key === void 0 ? [] : [{ key, pair }];
  });
}
function valueOf2(node, key) {
  const found = pairsOf(node).filter((entry) => entry.key === key);
  return found.length > 0 ? found[found.length - 1].pair.value : void 0;
}
function pairOf(node, key) {
  const found = pairsOf(node).filter((entry) => entry.key === key);
  return found.length > 0 ? found[found.length - 1].pair : void 0;
}
function scalarText(node) {
  if (!(0, import_yaml2.isScalar)(node) || node.value === null || node.value === void 0) return void 0;
  if (typeof node.value === "string") return node.value;
  if (typeof node.value === "boolean") return String(node.value);
  return node.source ?? String(node.value);
}
function flagValueOf(node) {
  if (node === null || node === void 0) return void 0;
  if ((0, import_yaml2.isScalar)(node)) return scalarText(node);
  if ((0, import_yaml2.isSeq)(node)) {
    return node.items.map((item) => (0, import_yaml2.isScalar)(item) ? scalarText(item) : JSON.stringify(item.toJSON())).filter((item) => item !== void 0).join(",");
  }
  return JSON.stringify(node.toJSON());
}
function scalarWord(source, node) {
  const text = scalarText(node) ?? "";
  const start = node.range?.[0] ?? 0;
  const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
  return contiguousWord(source, text, start + (quoted ? 1 : 0));
}
function topLevelMappings(documents) {
  return documents.flatMap((document) => (0, import_yaml2.isMap)(document.contents) ? [document.contents] : []);
}

// src/lint/readers/config-file.ts
var ETCD_CONFIG_KEYS = /* @__PURE__ */ new Set([
  "data-dir",
  "wal-dir",
  "initial-cluster",
  "initial-cluster-state",
  "initial-cluster-token",
  "listen-client-urls",
  "listen-peer-urls",
  "advertise-client-urls",
  "initial-advertise-peer-urls",
  "listen-metrics-urls",
  "client-transport-security",
  "peer-transport-security",
  "snapshot-count",
  "heartbeat-interval",
  "election-timeout",
  "quota-backend-bytes",
  "auto-compaction-retention",
  "discovery-srv"
]);
var TRANSPORT_SECURITY_FLAGS = {
  "client-transport-security": {
    "cert-file": "cert-file",
    "key-file": "key-file",
    "client-cert-file": "client-cert-file",
    "client-key-file": "client-key-file",
    "client-cert-auth": "client-cert-auth",
    "trusted-ca-file": "trusted-ca-file",
    "auto-tls": "auto-tls",
    "allowed-hostname": "client-cert-allowed-hostname"
  },
  "peer-transport-security": {
    "cert-file": "peer-cert-file",
    "key-file": "peer-key-file",
    "client-cert-file": "peer-client-cert-file",
    "client-key-file": "peer-client-key-file",
    "client-cert-auth": "peer-client-cert-auth",
    "trusted-ca-file": "peer-trusted-ca-file",
    "auto-tls": "peer-auto-tls",
    "allowed-cn": "peer-cert-allowed-cn",
    "allowed-hostname": "peer-cert-allowed-hostname",
    "skip-client-san-verification": "peer-skip-client-san-verification"
  }
};
function isEtcdConfigYaml(documents) {
  const mapping = documents[0]?.contents;
  if (!(0, import_yaml3.isMap)(mapping)) return false;
  const keys = pairsOf(mapping).map((entry) => entry.key.toLowerCase());
  if (keys.includes("apiversion") || keys.includes("kind")) return false;
  return keys.some((key) => ETCD_CONFIG_KEYS.has(key));
}
function settingsOfPair(source, key, keyNode, value, prefix) {
  const at2 = nodePosition(source, keyNode, positionAt(source, 0));
  const path13 = [...prefix, key];
  if ((0, import_yaml3.isMap)(value)) {
    const section = prefix.length === 0 ? TRANSPORT_SECURITY_FLAGS[key.toLowerCase()] : void 0;
    return pairsOf(value).flatMap((entry) => {
      const flag = section?.[entry.key.toLowerCase()];
      const settings = settingsOfPair(source, entry.key, entry.pair.key, entry.pair.value, path13);
      return flag ? settings.map((setting2) => ({ ...setting2, name: flag })) : settings;
    });
  }
  const text = flagValueOf(value);
  if (text === void 0) return [];
  const setting = {
    name: path13.join(".").toLowerCase(),
    value: text,
    key: path13.join("."),
    source: "config-file",
    at: at2,
    valueAt: nodePosition(source, value, at2)
  };
  const yamlType = yamlTypeOf(value);
  return [yamlType ? { ...setting, yamlType } : setting];
}
function yamlTypeOf(value) {
  if ((0, import_yaml3.isSeq)(value)) return "list";
  if ((0, import_yaml3.isMap)(value)) return "map";
  if (!(0, import_yaml3.isScalar)(value)) return void 0;
  const scalar = value.value;
  return typeof scalar === "number" || typeof scalar === "bigint" ? "number" : typeof scalar === "boolean" ? "boolean" : typeof scalar === "string" ? "string" : void 0;
}
function configFileSettings(source, documents) {
  const mapping = documents[0]?.contents;
  if (!(0, import_yaml3.isMap)(mapping)) return [];
  return pairsOf(mapping).flatMap((entry) => settingsOfPair(source, entry.key, entry.pair.key, entry.pair.value, []));
}
function readConfigFile(source, documents) {
  const settings = configFileSettings(source, documents);
  return { name: memberName(settings), form: "etcd-config-file", file: source.file, settings, includes: [] };
}
function memberName(settings) {
  for (let i = settings.length - 1; i >= 0; i--) if (settings[i].name === "name") return settings[i].value;
  return "default";
}

// src/lint/readers/etcd-arguments.ts
var ANY_RELEASE = parseEtcdVersion("3.6");
function isBooleanFlag(name) {
  return name === "h" || name === "help" || flagInfo(name, ANY_RELEASE).spec?.kind === "bool";
}
function flagOfEnvironmentVariable(variable) {
  if (!variable.startsWith("ETCD_") || variable.length === "ETCD_".length) return void 0;
  const rest = variable.slice("ETCD_".length);
  const name = rest === rest.toUpperCase() ? rest.toLowerCase() : rest;
  return name.replace(/_/g, "-");
}
function parseEtcdArguments(words, source) {
  const settings = [];
  const positionals = [];
  const missingValues = [];
  let bareBoolean;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const afterBooleanFlag = bareBoolean;
    bareBoolean = void 0;
    if (word.text === "--") {
      positionals.push(...words.slice(i + 1).map((rest) => ({ word: rest })));
      break;
    }
    const dashes = word.text.startsWith("--") ? 2 : word.text.startsWith("-") ? 1 : 0;
    if (dashes === 0 || word.text.length === dashes || word.text[dashes] === "-" || word.text[dashes] === "=") {
      positionals.push({ word, afterBooleanFlag });
      continue;
    }
    const equals = word.text.indexOf("=");
    const name = word.text.slice(dashes, equals >= 0 ? equals : void 0);
    const key = word.text.slice(0, equals >= 0 ? equals : void 0);
    if (equals >= 0) {
      settings.push({
        name,
        value: word.text.slice(equals + 1),
        key,
        source,
        at: word.at(0),
        valueAt: word.at(equals + 1)
      });
    } else if (isBooleanFlag(name)) {
      settings.push({ name, value: "true", key, source, at: word.at(0) });
      bareBoolean = key;
    } else if (i + 1 < words.length) {
      const value = words[++i];
      settings.push({ name, value: value.text, key, source, at: word.at(0), valueAt: value.at(0) });
    } else {
      const setting = { name, value: "", key, source, at: word.at(0) };
      settings.push(setting);
      missingValues.push(setting);
    }
  }
  return { settings, positionals, missingValues };
}
function argumentFindings(parsed) {
  const findings = [];
  const first = parsed.positionals[0];
  if (first) {
    const text = first.word.text;
    const hint = first.afterBooleanFlag && (text === "true" || text === "false") ? ` A boolean flag takes its value only after "=": write ${first.afterBooleanFlag}=${text}.` : "";
    findings.push(
      findingAtPosition(
        first.word.at(0),
        "error",
        READER_RULE_IDS.parse,
        `etcd takes no arguments: "${text}" is no flag, and etcd exits ("${text}" is not a valid flag).${hint}`
      )
    );
  }
  for (const setting of parsed.missingValues) {
    findings.push(
      findingAtPosition(
        setting.at,
        "error",
        READER_RULE_IDS.parse,
        `${setting.key} needs a value, and the command line ends here: etcd exits (flag needs an argument: ${setting.key}).`
      )
    );
  }
  return findings;
}
function executableName(command) {
  return command.slice(command.lastIndexOf("/") + 1);
}

// src/lint/readers/env-file.ts
var ASSIGNMENT = /^(export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=/;
function readValue(text, start) {
  let value = "";
  let i = start;
  while (i < text.length) {
    const char = text[i];
    if (char === "\n" || char === " " || char === "	" || char === "\r" && text[i + 1] === "\n") break;
    if (char === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close < 0 ? text.length : close;
      value += text.slice(i + 1, end);
      i = end + 1;
    } else if (char === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\" && i + 1 < text.length) {
          const next = text[i + 1];
          if (next === "\n") i += 2;
          else if (next === "\r" && text[i + 2] === "\n") i += 3;
          else {
            value += '"\\$`'.includes(next) ? next : `\\${next}`;
            i += 2;
          }
        } else value += text[i++];
      }
      i++;
    } else if (char === "\\" && i + 1 < text.length) {
      const next = text[i + 1];
      if (next === "\n") i += 2;
      else if (next === "\r" && text[i + 2] === "\n") i += 3;
      else {
        value += next;
        i += 2;
      }
    } else {
      value += char;
      i++;
    }
  }
  return { value, end: Math.min(i, text.length) };
}
function parseEnvFile(source) {
  const { text } = source;
  const assignments = [];
  let statementCount = 0;
  let i = 0;
  while (i < text.length) {
    while (text[i] === " " || text[i] === "	") i++;
    const lineEnd = text.indexOf("\n", i) < 0 ? text.length : text.indexOf("\n", i);
    const line = text.slice(i, lineEnd).replace(/\r$/, "");
    if (line === "" || line.startsWith("#") || line.startsWith(";")) {
      i = lineEnd + 1;
      continue;
    }
    statementCount++;
    const match = ASSIGNMENT.exec(line);
    if (!match) {
      i = lineEnd + 1;
      continue;
    }
    const valueOffset = i + match[0].length;
    const { value, end } = readValue(text, valueOffset);
    assignments.push({ variable: match[2], value, variableOffset: i + (match[1]?.length ?? 0), valueOffset });
    const next = text.indexOf("\n", end);
    i = next < 0 ? text.length : next + 1;
  }
  return { assignments, statementCount };
}
function isEtcdEnvFile(content) {
  return content.assignments.length * 2 > content.statementCount && content.assignments.some((entry) => flagOfEnvironmentVariable(entry.variable));
}
function envFileSettings(source, content) {
  return content.assignments.flatMap((entry) => {
    const name = flagOfEnvironmentVariable(entry.variable);
    if (name === void 0) return [];
    const setting = {
      name,
      value: entry.value,
      key: entry.variable,
      source: "env",
      at: positionAt(source, entry.variableOffset),
      valueAt: positionAt(source, entry.valueOffset)
    };
    return [setting];
  });
}
function envFileVariables(content) {
  return new Map(content.assignments.map((entry) => [entry.variable, entry.value]));
}
function readEnvFile(source, content) {
  const settings = envFileSettings(source, content);
  return { name: memberName(settings), form: "env-file", file: source.file, settings, includes: [] };
}

// src/lint/readers/kubeadm.ts
var import_yaml4 = __toESM(require_dist(), 1);
var KUBEADM_UNKNOWN_NODE_NAME = "<node-name>";
var KUBEADM_UNKNOWN_ADVERTISE_ADDRESS = "<advertise-address>";
var DEFAULT_CERTIFICATES_DIR = "/etc/kubernetes/pki";
var DEFAULT_DATA_DIR = "/var/lib/etcd";
function isKubeadmDocument(mapping, kind) {
  const apiVersion = scalarText(valueOf2(mapping, "apiVersion")) ?? "";
  return apiVersion.startsWith("kubeadm.k8s.io/") && (kind === void 0 || scalarText(valueOf2(mapping, "kind")) === kind);
}
function isKubeadmConfig(documents) {
  return topLevelMappings(documents).some((mapping) => isKubeadmDocument(mapping, "ClusterConfiguration"));
}
function hasKubeadmDocument(documents) {
  return topLevelMappings(documents).some((mapping) => isKubeadmDocument(mapping));
}
function pathValue(node, ...keys) {
  let current = node;
  for (const key of keys) {
    current = valueOf2(current, key);
    if (current === void 0 || current === null) return void 0;
  }
  return current;
}
function nodeOf(mappings) {
  for (const mapping of mappings) {
    if (isKubeadmDocument(mapping, "InitConfiguration")) {
      return {
        name: scalarText(pathValue(mapping, "nodeRegistration", "name")),
        advertiseAddress: scalarText(pathValue(mapping, "localAPIEndpoint", "advertiseAddress"))
      };
    }
    if (isKubeadmDocument(mapping, "JoinConfiguration")) {
      return {
        name: scalarText(pathValue(mapping, "nodeRegistration", "name")),
        advertiseAddress: scalarText(pathValue(mapping, "controlPlane", "localAPIEndpoint", "advertiseAddress"))
      };
    }
  }
  return {};
}
function joinHostPort(host, port) {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
function kubeadmConsistencyFlags(kubernetesVersion, etcdMinor) {
  const minor = kubernetesMinor(kubernetesVersion);
  const modern = minor !== void 0 ? minor >= 34 : etcdMinor === "3.6";
  if (modern)
    return [
      ["feature-gates", "InitialCorruptCheck=true"],
      ["watch-progress-notify-interval", "5s"]
    ];
  if (minor !== void 0 && minor < 22) return [];
  const flags = [["experimental-initial-corrupt-check", "true"]];
  if (minor === void 0 || minor >= 25) flags.push(["experimental-watch-progress-notify-interval", "5s"]);
  return flags;
}
function kubernetesMinor(version) {
  const match = /(?:^|[^\d])1\.(\d+)/.exec(version ?? "");
  return match ? Number(match[1]) : void 0;
}
function kubeadmDefaults(node, certificatesDir, dataDir, consistency) {
  const address = node.advertiseAddress ?? KUBEADM_UNKNOWN_ADVERTISE_ADDRESS;
  const name = node.name ?? KUBEADM_UNKNOWN_NODE_NAME;
  const localhost = address.includes(":") ? "::1" : "127.0.0.1";
  const clientUrl = `https://${joinHostPort(address, 2379)}`;
  const peerUrl = `https://${joinHostPort(address, 2380)}`;
  const pki = certificatesDir.replace(/\/+$/, "");
  return [
    ["name", name],
    ["listen-client-urls", `https://${joinHostPort(localhost, 2379)},${clientUrl}`],
    ["advertise-client-urls", clientUrl],
    ["listen-peer-urls", peerUrl],
    ["initial-advertise-peer-urls", peerUrl],
    ["data-dir", dataDir],
    ["cert-file", `${pki}/etcd/server.crt`],
    ["key-file", `${pki}/etcd/server.key`],
    ["trusted-ca-file", `${pki}/etcd/ca.crt`],
    ["client-cert-auth", "true"],
    ["peer-cert-file", `${pki}/etcd/peer.crt`],
    ["peer-key-file", `${pki}/etcd/peer.key`],
    ["peer-trusted-ca-file", `${pki}/etcd/ca.crt`],
    ["peer-client-cert-auth", "true"],
    ["snapshot-count", "10000"],
    ["listen-metrics-urls", `http://${joinHostPort(localhost, 2381)}`],
    ...consistency,
    ["initial-cluster", `${name}=${peerUrl}`]
  ];
}
function extraArgs(source, node, fallback) {
  const setting = (nameNode, valueNode) => {
    const name = scalarText(nameNode);
    if (name === void 0) return [];
    const at2 = nodePosition(source, nameNode, fallback);
    return [
      {
        name,
        value: scalarText(valueNode) ?? "",
        key: name,
        source: "kubeadm",
        at: at2,
        valueAt: nodePosition(source, valueNode, at2)
      }
    ];
  };
  if ((0, import_yaml4.isSeq)(node)) return node.items.flatMap((item) => setting(pathValue(item, "name"), pathValue(item, "value")));
  if ((0, import_yaml4.isMap)(node)) return node.items.flatMap((pair) => setting(pair.key, pair.value));
  return [];
}
function extraEnvs(source, node, fallback) {
  if (!(0, import_yaml4.isSeq)(node)) return [];
  return node.items.flatMap((item) => {
    const nameNode = pathValue(item, "name");
    const variable = scalarText(nameNode);
    const name = variable === void 0 ? void 0 : flagOfEnvironmentVariable(variable);
    if (variable === void 0 || name === void 0) return [];
    const valueNode = pathValue(item, "value");
    const at2 = nodePosition(source, nameNode, fallback);
    return [
      {
        name,
        value: scalarText(valueNode) ?? "",
        key: variable,
        source: "env",
        at: at2,
        valueAt: nodePosition(source, valueNode, at2)
      }
    ];
  });
}
function stringList(node) {
  return (0, import_yaml4.isSeq)(node) ? node.items.map((item) => scalarText(item)).filter((item) => item !== void 0) : [];
}
function externalEtcd(source, keyNode, node) {
  const at2 = nodePosition(source, keyNode, positionAt(source, 0));
  const field = (key) => {
    const value = valueOf2(node, key);
    const text = scalarText(value);
    return text === void 0 ? void 0 : { value: text, at: nodePosition(source, value, at2) };
  };
  const endpoints = valueOf2(node, "endpoints");
  return {
    file: source.file,
    at: at2,
    endpoints: (0, import_yaml4.isSeq)(endpoints) ? endpoints.items.flatMap(
      (item) => (0, import_yaml4.isScalar)(item) && scalarText(item) !== void 0 ? [{ value: scalarText(item), at: nodePosition(source, item, at2) }] : []
    ) : [],
    caFile: field("caFile"),
    certFile: field("certFile"),
    keyFile: field("keyFile")
  };
}
function localMember(source, cluster, node, etcdMinor) {
  const etcdPair = pairOf(cluster, "etcd");
  const localPair = pairOf(etcdPair?.value, "local");
  const local = localPair?.value;
  const anchor = nodePosition(
    source,
    localPair?.key ?? etcdPair?.key ?? pairOf(cluster, "kind")?.key,
    positionAt(source, 0)
  );
  const certificatesDir = scalarText(valueOf2(cluster, "certificatesDir")) ?? DEFAULT_CERTIFICATES_DIR;
  const dataDirPair = pairOf(local, "dataDir");
  const dataDir = scalarText(dataDirPair?.value);
  const overrides = extraArgs(source, valueOf2(local, "extraArgs"), anchor);
  const overridden = new Set(overrides.map((setting) => setting.name));
  const consistency = kubeadmConsistencyFlags(scalarText(valueOf2(cluster, "kubernetesVersion")), etcdMinor);
  const defaults = kubeadmDefaults(node, certificatesDir, dataDir ?? DEFAULT_DATA_DIR, consistency).filter(([name]) => !overridden.has(name)).map(([name, value]) => {
    if (name === "data-dir" && dataDir !== void 0 && dataDirPair) {
      const at2 = nodePosition(source, dataDirPair.key, anchor);
      return {
        name,
        value,
        key: "dataDir",
        source: "kubeadm",
        at: at2,
        valueAt: nodePosition(source, dataDirPair.value, at2)
      };
    }
    return { name, value, key: `--${name}`, source: "kubeadm-default", at: anchor };
  });
  const settings = [...extraEnvs(source, valueOf2(local, "extraEnvs"), anchor), ...defaults, ...overrides];
  return {
    name: memberName(settings),
    form: "kubeadm",
    file: source.file,
    settings,
    includes: [],
    command: "etcd",
    certSans: {
      server: stringList(valueOf2(local, "serverCertSANs")),
      peer: stringList(valueOf2(local, "peerCertSANs"))
    }
  };
}
function readKubeadm(source, documents, etcdMinor) {
  const mappings = topLevelMappings(documents);
  const node = nodeOf(mappings);
  const members = [];
  const findings = [];
  let external;
  for (const cluster of mappings.filter((mapping) => isKubeadmDocument(mapping, "ClusterConfiguration"))) {
    const etcd = valueOf2(cluster, "etcd");
    const externalPair = pairOf(etcd, "external");
    const localPair = pairOf(etcd, "local");
    if (externalPair && (0, import_yaml4.isMap)(externalPair.value)) {
      external = externalEtcd(source, externalPair.key, externalPair.value);
      if (localPair && localPair.value !== null) {
        const at2 = nodePosition(source, localPair.key, external.at);
        findings.push(
          findingAtPosition(
            at2,
            "error",
            READER_RULE_IDS.parse,
            "etcd.local and etcd.external are both set: kubeadm refuses the configuration (they are mutually exclusive)."
          )
        );
      }
      continue;
    }
    members.push(localMember(source, cluster, node, etcdMinor));
  }
  return { file: source.file, form: "kubeadm", members, external, findings };
}

// src/lint/readers/static-pod.ts
var import_yaml5 = __toESM(require_dist(), 1);
function etcdContainers(mapping) {
  if (scalarText(valueOf2(mapping, "kind")) !== "Pod") return [];
  const containers = valueOf2(valueOf2(mapping, "spec"), "containers");
  if (!(0, import_yaml5.isSeq)(containers)) return [];
  return containers.items.flatMap((container) => {
    const command = valueOf2(container, "command");
    const args = valueOf2(container, "args");
    if (!(0, import_yaml5.isSeq)(command) || !(0, import_yaml5.isScalar)(command.items[0])) return [];
    const executable = command.items[0];
    if (executableName(scalarText(executable) ?? "") !== "etcd") return [];
    const words = [...command.items.slice(1), ...(0, import_yaml5.isSeq)(args) ? args.items : []].filter(
      (item) => (0, import_yaml5.isScalar)(item)
    );
    return [{ command: executable, words, env: valueOf2(container, "env") }];
  });
}
function isEtcdStaticPod(documents) {
  return topLevelMappings(documents).some((mapping) => etcdContainers(mapping).length > 0);
}
function envSettings(source, env) {
  if (!(0, import_yaml5.isSeq)(env)) return [];
  return env.items.flatMap((item) => {
    const nameNode = valueOf2(item, "name");
    const variable = scalarText(nameNode);
    const name = variable === void 0 ? void 0 : flagOfEnvironmentVariable(variable);
    const valueNode = valueOf2(item, "value");
    if (variable === void 0 || name === void 0 || valueNode === void 0) return [];
    const at2 = nodePosition(source, nameNode, positionAt(source, 0));
    return [
      {
        name,
        value: scalarText(valueNode) ?? "",
        key: variable,
        source: "env",
        at: at2,
        valueAt: nodePosition(source, valueNode, at2)
      }
    ];
  });
}
function readStaticPod(source, documents) {
  const members = [];
  const findings = [];
  for (const container of topLevelMappings(documents).flatMap(etcdContainers)) {
    const parsed = parseEtcdArguments(
      container.words.map((word) => scalarWord(source, word)),
      "flag"
    );
    findings.push(...argumentFindings(parsed));
    const settings = [...envSettings(source, container.env), ...parsed.settings];
    members.push({
      name: memberName(settings),
      form: "static-pod",
      file: source.file,
      settings,
      includes: [],
      command: scalarText(container.command) ?? "etcd"
    });
  }
  return { file: source.file, form: "static-pod", members, findings };
}

// src/lint/readers/unit-file.ts
var BLANK = /[ \t\r\n]/;
function parseUnitFile(source) {
  const lines = linesOf(source);
  const directives = [];
  const strayLines = [];
  let section = "";
  for (let index = 0; index < lines.length; index++) {
    const first = lines[index];
    const start = first.text.length - first.text.trimStart().length;
    const head = first.text.slice(start);
    if (head === "" || head.startsWith("#") || head.startsWith(";")) continue;
    if (head.startsWith("[")) {
      const close = head.indexOf("]");
      section = close > 0 ? head.slice(1, close).trim() : head.slice(1).trim();
      continue;
    }
    const text = { chars: [], offsets: [] };
    let current = first;
    let lineStart = start;
    for (; ; ) {
      const trimmed = current.text.replace(/[ \t]+$/, "");
      const continued = trimmed.endsWith("\\");
      const end = continued ? trimmed.length - 1 : trimmed.length;
      for (let i = lineStart; i < end; i++) {
        text.chars.push(current.text[i]);
        text.offsets.push(current.offset + i);
      }
      if (!continued || index + 1 >= lines.length) break;
      text.chars.push(" ");
      text.offsets.push(current.offset + end);
      index++;
      while (index + 1 < lines.length && /^[ \t]*[#;]/.test(lines[index].text)) index++;
      current = lines[index];
      lineStart = 0;
    }
    const equals = text.chars.indexOf("=");
    if (equals < 0) {
      strayLines.push({
        section,
        text: text.chars.join("").trim(),
        offset: first.offset + start,
        line: first.number,
        lastLine: current.number
      });
      continue;
    }
    let valueStart = equals + 1;
    while (valueStart < text.chars.length && BLANK.test(text.chars[valueStart])) valueStart++;
    let valueEnd = text.chars.length;
    while (valueEnd > valueStart && BLANK.test(text.chars[valueEnd - 1])) valueEnd--;
    const broken = /\\[ \t]+[#;]/.exec(current.text);
    directives.push({
      section,
      key: text.chars.slice(0, equals).join("").trim(),
      keyOffset: first.offset + start,
      value: { chars: text.chars.slice(valueStart, valueEnd), offsets: text.offsets.slice(valueStart, valueEnd) },
      firstLine: first.number,
      lastLine: current.number,
      commentAfterBackslash: broken ? current.offset + broken.index : void 0
    });
  }
  return { directives, strayLines };
}
var ESCAPES = { n: "\n", t: "	", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", s: " " };
function splitUnitWords(value) {
  const words = [];
  const { chars, offsets } = value;
  let i = 0;
  let unterminatedQuote;
  while (i < chars.length) {
    while (i < chars.length && BLANK.test(chars[i])) i++;
    if (i >= chars.length) break;
    const word = { text: "", chars: [], offsets: [] };
    let quote;
    let quoteOffset = 0;
    for (; i < chars.length; i++) {
      const char = chars[i];
      if (!quote && BLANK.test(char)) break;
      if (char === quote) {
        quote = void 0;
        continue;
      }
      if (!quote && (char === '"' || char === "'")) {
        quote = char;
        quoteOffset = offsets[i];
        continue;
      }
      if (char === "\\" && i + 1 < chars.length) {
        i++;
        word.chars.push(ESCAPES[chars[i]] ?? chars[i]);
        word.offsets.push(offsets[i]);
        continue;
      }
      word.chars.push(char);
      word.offsets.push(offsets[i]);
    }
    if (quote) unterminatedQuote ??= quoteOffset;
    word.text = word.chars.join("");
    words.push(word);
  }
  return { words, unterminatedQuote };
}
function expandUnitWord(word, variables) {
  const bare = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(word.text);
  if (bare) {
    const value = variables.get(bare[1]);
    if (value === void 0) return [word];
    return value.split(/[ \t\r\n]+/).filter((part) => part !== "").map((part) => ({ text: part, chars: part.split(""), offsets: part.split("").map(() => word.offsets[0]) }));
  }
  const chars = [];
  const offsets = [];
  for (let i = 0; i < word.chars.length; i++) {
    const braced = word.text[i] === "$" && word.text[i + 1] === "{" ? /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(word.text.slice(i)) : null;
    const value = braced ? variables.get(braced[1]) : void 0;
    if (braced && value !== void 0) {
      chars.push(...value.split(""));
      offsets.push(...value.split("").map(() => word.offsets[i]));
      i += braced[0].length - 1;
    } else {
      chars.push(word.chars[i]);
      offsets.push(word.offsets[i]);
    }
  }
  return [{ text: chars.join(""), chars, offsets }];
}
function positionedUnitWord(source, word, fallbackOffset) {
  return {
    text: word.text,
    at: (index) => positionAt(source, word.offsets[Math.min(index, word.offsets.length - 1)] ?? fallbackOffset)
  };
}

// src/lint/readers/launchers.ts
var ETCD_WRAPPER_VARIABLES = /* @__PURE__ */ new Set([
  "ETCD_IMAGE",
  "ETCD_IMAGE_TAG",
  "ETCD_IMAGE_URL",
  "ETCD_IMAGE_ARGS",
  "ETCD_OPTS",
  "ETCD_SSL_DIR",
  "ETCD_USER"
]);
var CONTAINER_ENGINES = /* @__PURE__ */ new Set(["docker", "podman", "nerdctl"]);
var SHELLS = /* @__PURE__ */ new Set(["sh", "bash", "dash", "ash", "zsh", "ksh"]);
var CONTAINER_BOOLEAN_OPTIONS = /* @__PURE__ */ new Set([
  "--detach",
  "--rm",
  "--interactive",
  "--tty",
  "--init",
  "--privileged",
  "--read-only",
  "--replace",
  "--publish-all",
  "--no-healthcheck",
  "--oom-kill-disable",
  "--quiet",
  "--sig-proxy",
  "--help"
]);
var CONTAINER_BOOLEAN_SHORT = /^-[dirtPq]+$/;
var NONE = /* @__PURE__ */ new Set();
function tail(word, start) {
  const chars = word.chars.slice(start);
  return { text: chars.join(""), chars, offsets: word.offsets.slice(start) };
}
var isAssignment = (text) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(text);
function launchedEtcd(words, depth = 0) {
  if (words.length === 0 || depth > 4) return void 0;
  const [first, ...rest] = words;
  const name = executableName(first.text);
  const direct = (launcherVariables, via = []) => ({
    command: first,
    argumentWords: rest,
    envWords: [],
    envFiles: [],
    via,
    inheritsUnitEnvironment: true,
    launcherVariables
  });
  if (name === "etcd") return direct(NONE);
  if (name === "etcd-wrapper") return direct(ETCD_WRAPPER_VARIABLES, ["etcd-wrapper"]);
  if (name === "env") return throughEnv(rest, depth);
  if (name === "exec") return launchedEtcd(rest, depth + 1);
  if (CONTAINER_ENGINES.has(name)) return throughContainer(name, rest, depth);
  if (SHELLS.has(name)) return throughShell(name, rest, depth);
  return void 0;
}
function throughEnv(words, depth) {
  const envWords = [];
  let index = 0;
  for (; index < words.length; index++) {
    const text = words[index].text;
    if (text === "-u" || text === "--unset" || text === "-C" || text === "--chdir") index++;
    else if (text.startsWith("-")) continue;
    else if (isAssignment(text)) envWords.push(words[index]);
    else break;
  }
  const inner = launchedEtcd(words.slice(index), depth + 1);
  return inner && { ...inner, envWords: [...envWords, ...inner.envWords], via: ["env", ...inner.via] };
}
function throughContainer(engine, words, depth) {
  let index = words[0]?.text === "container" ? 1 : 0;
  if (words[index]?.text !== "run") return void 0;
  index++;
  const envWords = [];
  const envFiles = [];
  let entrypoint;
  for (; index < words.length; index++) {
    const word = words[index];
    if (word.text === "--") {
      index++;
      break;
    }
    if (!word.text.startsWith("-")) break;
    const equals = word.text.indexOf("=");
    const option = word.text.startsWith("--") && equals > 0 ? word.text.slice(0, equals) : word.text;
    const inline = word.text.startsWith("--") && equals > 0 ? tail(word, equals + 1) : void 0;
    if (CONTAINER_BOOLEAN_OPTIONS.has(option) || CONTAINER_BOOLEAN_SHORT.test(option)) continue;
    const value = inline ?? words[++index];
    if (!value) break;
    if ((option === "-e" || option === "--env") && isAssignment(value.text)) envWords.push(value);
    if (option === "--env-file") envFiles.push(value);
    if (option === "--entrypoint") entrypoint = value;
  }
  const image = words[index];
  if (!image) return void 0;
  const via = [`${engine} run`];
  const command = words.slice(index + 1);
  if (entrypoint && executableName(entrypoint.text) === "etcd")
    return {
      command: entrypoint,
      argumentWords: command,
      envWords,
      envFiles,
      via,
      inheritsUnitEnvironment: false,
      launcherVariables: NONE
    };
  const inner = command.length > 0 && !command[0].text.startsWith("-") ? launchedEtcd(command, depth + 1) : void 0;
  if (inner) {
    return {
      ...inner,
      envWords: [...envWords, ...inner.envWords],
      envFiles: [...envFiles, ...inner.envFiles],
      via: [...via, ...inner.via],
      inheritsUnitEnvironment: false
    };
  }
  if (!/(^|\/)etcd[^/]*$/.test(image.text.replace(/[:@].*$/, ""))) return void 0;
  if (command.length > 0 && !command[0].text.startsWith("-")) return void 0;
  return {
    command: image,
    argumentWords: command,
    envWords,
    envFiles,
    via,
    inheritsUnitEnvironment: false,
    launcherVariables: NONE
  };
}
var SEPARATORS = /^(;|&&|\|\||\||&)$/;
function throughShell(shell, words, depth) {
  const flag = words.findIndex((word) => /^-[a-z]*c[a-z]*$/.test(word.text));
  const script = flag >= 0 ? words[flag + 1] : void 0;
  if (!script) return void 0;
  const split = splitUnitWords(script).words.flatMap(splitSeparators);
  let start = 0;
  for (let index = 0; index <= split.length; index++) {
    if (index < split.length && !SEPARATORS.test(split[index].text)) continue;
    const command = split.slice(start, index);
    start = index + 1;
    const prefix = command.findIndex((word) => !isAssignment(word.text));
    const assignments = prefix < 0 ? command : command.slice(0, prefix);
    const inner = launchedEtcd(prefix < 0 ? [] : command.slice(prefix), depth + 1);
    if (inner) return { ...inner, envWords: [...assignments, ...inner.envWords], via: [`${shell} -c`, ...inner.via] };
  }
  return void 0;
}
function splitSeparators(word) {
  const match = /^(.*?)(;|&&|\|\|)$/.exec(word.text);
  if (!match || match[1] === "") return [word];
  const cut = match[1].length;
  return [{ text: match[1], chars: word.chars.slice(0, cut), offsets: word.offsets.slice(0, cut) }, tail(word, cut)];
}

// src/lint/readers/systemd-unit.ts
function isEnvironmentFile(source) {
  const content = parseEnvFile(source);
  return content.assignments.length === content.statementCount;
}
function isEtcdYamlFile(source) {
  if (isEnvironmentFile(source) && parseEnvFile(source).statementCount > 0) return false;
  if (/^[ \t]*\[[A-Za-z][\w-]*\][ \t]*\r?$/m.test(source.text)) return false;
  const documents = parseYaml(source);
  if (isEtcdConfigYaml(documents)) return true;
  return /\.ya?ml$/i.test(source.file) && documents.some((document) => document.errors.length > 0);
}
function listed(files) {
  return files.length < 2 ? files.join("") : `${files.slice(0, -1).join(", ")} and ${files[files.length - 1]}`;
}
function unboundReason(resolution, form) {
  if (resolution.ambiguous)
    return `several scanned files could be it (${listed(resolution.ambiguous)}) and none is beside the unit, so none is read`;
  if (resolution.otherForm)
    return `${listed(resolution.otherForm)} ${resolution.otherForm.length === 1 ? "ends" : "end"} like it but ${resolution.otherForm.length === 1 ? "is" : "are"} no ${form}, so ${resolution.otherForm.length === 1 ? "it is" : "they are"} not read as one`;
  return "it is not among the scanned files";
}
function withoutPrefix(word) {
  const prefix = /^[-@+!:]*/.exec(word.text)?.[0] ?? "";
  const chars = word.chars.slice(prefix.length);
  return { prefix, word: { text: chars.join(""), chars, offsets: word.offsets.slice(prefix.length) } };
}
function etcdExecStart(unit) {
  const starts = unit.directives.filter(
    (directive) => directive.section === "Service" && directive.key === "ExecStart"
  );
  const lastReset = starts.map((directive) => directive.value.chars.length === 0).lastIndexOf(true);
  for (const directive of starts.slice(lastReset + 1)) {
    const { words, unterminatedQuote } = splitUnitWords(directive.value);
    if (words.length === 0) continue;
    const { word, prefix } = withoutPrefix(words[0]);
    const launched = launchedEtcd([word, ...words.slice(prefix.includes("@") ? 2 : 1)]);
    if (launched) return { ...launched, directive, unterminatedQuote };
  }
  return void 0;
}
function unitStarts(unit) {
  const start = unit.directives.find((directive) => directive.section === "Service" && directive.key === "ExecStart");
  if (!start) return unit.directives.length > 0 ? "a unit without ExecStart=" : void 0;
  const words = splitUnitWords(start.value).words;
  return words.length > 0 ? `a unit whose ExecStart= runs ${withoutPrefix(words[0]).word.text}, not etcd` : void 0;
}
function isEtcdUnit(unit) {
  return etcdExecStart(unit) !== void 0;
}
function assignmentsOf(source, words, variables) {
  const settings = [];
  for (const word of words) {
    const equals = word.text.indexOf("=");
    if (equals <= 0) continue;
    const variable = word.text.slice(0, equals);
    const value = word.text.slice(equals + 1);
    variables.set(variable, value);
    const name = flagOfEnvironmentVariable(variable);
    if (name === void 0) continue;
    const valueOffset = word.offsets[equals + 1] ?? word.offsets[equals] + 1;
    settings.push({
      name,
      value,
      key: variable,
      source: "env",
      at: positionAt(source, word.offsets[0]),
      valueAt: positionAt(source, valueOffset)
    });
  }
  return settings;
}
function strayFlagLines(unit) {
  const fromDirectives = unit.directives.filter((directive) => directive.section === "Service" && directive.key.startsWith("-")).map((directive) => ({
    line: directive.firstLine,
    lastLine: directive.lastLine,
    offset: directive.keyOffset,
    text: `${directive.key}=${directive.value.chars.join("")}`
  }));
  const fromLines = unit.strayLines.filter(
    (line) => line.section === "Service" && line.text.startsWith("-")
  );
  return [...fromDirectives, ...fromLines].sort((a, b) => a.line - b.line);
}
function flagsOfLine(text) {
  return text.split(/\s+/).flatMap((word) => /^-{1,2}[^\s=-][^\s=]*/.exec(word)?.[0] ?? []);
}
function lineRange(first, last) {
  return first === last ? `line ${first}` : `lines ${first}\u2013${last}`;
}
function commandLineFindings(source, unit, exec, parsed) {
  const findings = [];
  const stray = strayFlagLines(unit);
  const followers = [];
  const later = unit.directives.filter(
    (directive) => directive.firstLine > exec.directive.lastLine && !directive.key.startsWith("-")
  );
  const nextDirectiveLine = later.length > 0 ? later[0].firstLine : Number.MAX_SAFE_INTEGER;
  for (const line of stray)
    if (line.line > exec.directive.lastLine && line.line < nextDirectiveLine) followers.push(line);
  const range = followers.length > 0 ? lineRange(followers[0].line, followers[followers.length - 1].lastLine) : "";
  const lostFlags = followers.flatMap((line) => flagsOfLine(line.text));
  const lost = lostFlags.join(", ");
  if (exec.directive.commentAfterBackslash !== void 0) {
    const at2 = positionAt(source, exec.directive.commentAfterBackslash);
    const lineEnd = source.text.indexOf("\n", exec.directive.commentAfterBackslash);
    const rest = source.text.slice(exec.directive.commentAfterBackslash, lineEnd < 0 ? void 0 : lineEnd).trimEnd();
    const shown2 = rest.length > 40 ? `${rest.slice(0, 40)}\u2026` : rest;
    const ignored = followers.length > 0 ? ` systemd ignores ${range} (${lost}): they are not part of ExecStart=.` : "";
    findings.push(
      findingAtPosition(
        at2,
        "error",
        READER_RULE_IDS.parse,
        `ExecStart= ends on line ${at2.line}: a comment follows the backslash, and systemd continues a line only when a backslash is its last character. etcd receives "${shown2}" as arguments and exits (not a valid flag).${ignored} Put comments on lines of their own.`
      )
    );
  } else {
    if (followers.length > 0) {
      const at2 = positionAt(source, followers[0].offset);
      findings.push(
        findingAtPosition(
          at2,
          "error",
          READER_RULE_IDS.parse,
          `${range[0].toUpperCase()}${range.slice(1)} ${range.startsWith("lines") ? "are" : "is"} not part of ExecStart=: line ${exec.directive.lastLine} does not end with a backslash, so systemd ignores ${lost} and etcd starts without ${lostFlags.length === 1 ? "it" : "them"}.`
        )
      );
    }
  }
  const fromArguments = argumentFindings(parsed);
  findings.push(
    ...exec.directive.commentAfterBackslash !== void 0 && parsed.positionals.length > 0 ? fromArguments.slice(1) : fromArguments
  );
  const others = stray.filter((line) => !followers.includes(line));
  for (const line of others) {
    findings.push(
      findingAtPosition(
        positionAt(source, line.offset),
        "error",
        READER_RULE_IDS.parse,
        `${flagsOfLine(line.text).join(", ")} ${flagsOfLine(line.text).length === 1 ? "is" : "are"} not part of any ExecStart=: systemd ignores this line.`
      )
    );
  }
  for (const line of unit.strayLines.filter((stray2) => !stray2.text.startsWith("-"))) {
    findings.push(
      findingAtPosition(
        positionAt(source, line.offset),
        "warning",
        READER_RULE_IDS.parse,
        `systemd ignores this line: it has no "=".`
      )
    );
  }
  return findings;
}
function readSystemdUnit(source, unit, resolver) {
  const exec = etcdExecStart(unit);
  if (!exec) return { file: source.file, form: "systemd-unit", members: [], findings: [] };
  const findings = [];
  const includes = [];
  const variables = /* @__PURE__ */ new Map();
  const service = unit.directives.filter((directive) => directive.section === "Service");
  const unitEnv = service.filter((directive) => directive.key === "Environment").flatMap((directive) => assignmentsOf(source, splitUnitWords(directive.value).words, variables));
  const environmentFiles = service.filter((directive) => directive.key === "EnvironmentFile");
  const lastFileReset = environmentFiles.map((directive) => directive.value.chars.length === 0).lastIndexOf(true);
  const fileEnv = [];
  const launcherEnv = [];
  for (const directive of environmentFiles.slice(lastFileReset + 1)) {
    const written2 = directive.value.chars.join("");
    const optional = written2.startsWith("-");
    const path13 = optional ? written2.slice(1).trim() : written2;
    const resolution = resolver.resolve(path13, source, isEnvironmentFile);
    const included = resolution.found;
    if (included) {
      const content = parseEnvFile(included);
      for (const [name, value] of envFileVariables(content)) variables.set(name, value);
      fileEnv.push(...envFileSettings(included, content));
      if (!includes.includes(included.file)) includes.push(included.file);
      continue;
    }
    const at2 = positionAt(source, directive.value.offsets[0] ?? directive.keyOffset);
    const atRuntime = /^\/run\//.test(path13) && !resolution.ambiguous && !resolution.otherForm;
    const reason = atRuntime ? "a file written at runtime (under /run), so no scanned file can be it" : unboundReason(resolution, "environment file");
    findings.push(
      optional || resolution.ambiguous || atRuntime ? findingAtPosition(
        at2,
        "notice",
        READER_RULE_IDS.unresolvedInclude,
        `EnvironmentFile=${written2}: ${reason}${optional ? " (systemd starts etcd without it when it is missing)" : ""}; the ETCD_* settings it may hold are not linted.`
      ) : findingAtPosition(
        at2,
        "warning",
        READER_RULE_IDS.unresolvedInclude,
        `EnvironmentFile=${path13}: ${reason}; the ETCD_* settings it holds are not linted; scan the folder that holds it too.`
      )
    );
  }
  for (const file of exec.envFiles) {
    const resolution = resolver.resolve(file.text, source, isEnvironmentFile);
    if (resolution.found) {
      const content = parseEnvFile(resolution.found);
      launcherEnv.push(...envFileSettings(resolution.found, content));
      if (!includes.includes(resolution.found.file)) includes.push(resolution.found.file);
    } else {
      findings.push(
        findingAtPosition(
          positionAt(source, file.offsets[0] ?? exec.directive.keyOffset),
          resolution.ambiguous ? "notice" : "warning",
          READER_RULE_IDS.unresolvedInclude,
          `--env-file ${file.text}: ${unboundReason(resolution, "environment file")}; the ETCD_* settings it gives the container are not linted.`
        )
      );
    }
  }
  const commandEnv = assignmentsOf(source, exec.envWords, /* @__PURE__ */ new Map());
  const words = exec.argumentWords.flatMap((word) => expandUnitWord(word, variables));
  const parsed = parseEtcdArguments(
    words.map((word) => positionedUnitWord(source, word, exec.directive.keyOffset)),
    "flag"
  );
  parsed.positionals = parsed.positionals.filter((positional) => !/^\$(\{\w+\}|\w+)$/.test(positional.word.text));
  findings.push(...commandLineFindings(source, unit, exec, parsed));
  if (exec.unterminatedQuote !== void 0) {
    findings.push(
      findingAtPosition(
        positionAt(source, exec.unterminatedQuote),
        "error",
        READER_RULE_IDS.parse,
        "This quote is never closed: systemd ignores the whole ExecStart= (unbalanced quoting), so etcd is not started."
      )
    );
  }
  const etcdSees = (setting) => !exec.launcherVariables.has(setting.key);
  const inherited = exec.inheritsUnitEnvironment ? [...unitEnv, ...fileEnv] : [];
  const settings = [...inherited, ...launcherEnv, ...commandEnv, ...parsed.settings].filter(etcdSees);
  const member = {
    name: memberName(settings),
    form: "systemd-unit",
    file: source.file,
    settings,
    includes,
    command: exec.command.text,
    ...exec.via.length > 0 ? { launcher: exec.via.join(" \u2192 ") } : {}
  };
  const configFile = [...settings].reverse().find((setting) => setting.name === "config-file" && setting.value !== "");
  if (configFile) {
    const resolution = resolver.resolve(configFile.value, source, isEtcdYamlFile);
    const included = resolution.found;
    if (included) {
      const documents = parseYaml(included);
      findings.push(...yamlParseFindings(included, documents));
      member.settings = [configFile, ...configFileSettings(included, documents)];
      member.ignoredSettings = settings.filter((setting) => setting !== configFile);
      member.name = memberName(member.settings);
      includes.push(included.file);
    } else {
      findings.push(
        findingAtPosition(
          configFile.valueAt ?? configFile.at,
          resolution.ambiguous ? "notice" : "warning",
          READER_RULE_IDS.unresolvedInclude,
          `${configFile.key} ${configFile.value}: ${unboundReason(resolution, "etcd configuration file")}. etcd takes its settings from that file alone and ignores the other flags and ETCD_* variables; scan the file too so its settings are linted.`
        )
      );
    }
  }
  return { file: source.file, form: "systemd-unit", members: [member], findings };
}

// src/lint/readers/read-file.ts
var FileInput = class {
  constructor(source) {
    this.source = source;
  }
  source;
  yaml;
  env;
  systemd;
  get documents() {
    this.yaml ??= parseYaml(this.source);
    return this.yaml;
  }
  get envContent() {
    this.env ??= parseEnvFile(this.source);
    return this.env;
  }
  get unit() {
    this.systemd ??= parseUnitFile(this.source);
    return this.systemd;
  }
  /** Whether the YAML does not parse. */
  get yamlBroken() {
    return this.documents.some((document) => document.errors.length > 0);
  }
};
function yamlReader(form, recognise, read) {
  return {
    recognise,
    read: (input, context) => input.yamlBroken ? { file: input.source.file, form, members: [], findings: yamlParseFindings(input.source, input.documents) } : read(input.source, input.documents, context)
  };
}
function namedLikeEtcdYaml(input) {
  const name = input.source.file.slice(input.source.file.lastIndexOf("/") + 1).toLowerCase();
  return input.yamlBroken && name.includes("etcd") && /\.ya?ml$/.test(name);
}
var READERS = {
  "systemd-unit": {
    recognise: (input) => isEtcdUnit(input.unit),
    read: (input, context) => readSystemdUnit(input.source, input.unit, context.resolver)
  },
  "env-file": {
    recognise: (input) => isEtcdEnvFile(input.envContent),
    read: (input) => {
      const member = readEnvFile(input.source, input.envContent);
      return { file: input.source.file, form: "env-file", members: [member], findings: [] };
    }
  },
  kubeadm: yamlReader(
    "kubeadm",
    (input) => isKubeadmConfig(input.documents) || input.yamlBroken && hasKubeadmDocument(input.documents),
    (source, documents, context) => readKubeadm(source, documents, context.etcdMinor)
  ),
  "static-pod": yamlReader("static-pod", (input) => isEtcdStaticPod(input.documents), readStaticPod),
  "etcd-config-file": yamlReader(
    "etcd-config-file",
    (input) => isEtcdConfigYaml(input.documents) || namedLikeEtcdYaml(input),
    (source, documents) => ({
      file: source.file,
      form: "etcd-config-file",
      members: [readConfigFile(source, documents)],
      findings: []
    })
  )
};
var RECOGNITION_ORDER = [
  "systemd-unit",
  "env-file",
  "kubeadm",
  "static-pod",
  "etcd-config-file"
];
function recogniseForm(input) {
  return RECOGNITION_ORDER.find((form) => READERS[form].recognise(input));
}
function whyNotRead(input) {
  if (!/etcd/i.test(input.source.text)) return void 0;
  const forms = "an etcd.conf.yml, an ETCD_* env file, a systemd unit, kubeadm configuration or a static pod";
  if (input.source.text.startsWith("#!"))
    return `mentions etcd, but is a script: scripts are not read (put etcd's flags in ${forms})`;
  if (/^\s*\[(Unit|Service|Install)\]\s*$/m.test(input.source.text)) {
    const starts = unitStarts(input.unit);
    return `mentions etcd, but is ${starts ?? "a unit"} (the launchers read are env, etcd-wrapper, docker/podman run and sh -c)`;
  }
  if (!input.yamlBroken) {
    const kinds = input.documents.map((document) => document.contents?.get?.("kind")).filter((kind) => typeof kind === "string");
    if (kinds.length > 0)
      return `mentions etcd, but is a Kubernetes ${[...new Set(kinds)].join(", ")}, not a kubeadm configuration or an etcd static pod`;
  }
  const env = input.envContent;
  if (env.statementCount > 0 && env.assignments.length === env.statementCount)
    return "mentions etcd, but is an environment file without an ETCD_* variable etcd reads";
  return `mentions etcd, but is none of the forms read (${forms})`;
}

// src/lint/scan.ts
var MAX_FILE_BYTES = 1024 * 1024;
var CONFIGURATION_NAME = /(^|\/)[^/.]*$|\.(ya?ml|json|conf|cfg|env|service|ini|txt|toml)$|etcd[^/]*$/i;
function skipped(file, message) {
  return { file: file.file, line: 1, column: 1, severity: "notice", rule: READER_RULE_IDS.skipped, message };
}
async function readText(file) {
  try {
    const stat = await fs2.stat(file.absolute);
    if (stat.size > MAX_FILE_BYTES)
      return { skip: `Skipped: ${stat.size} bytes, over the 1 MiB a configuration file can have.` };
    const bytes = await fs2.readFile(file.absolute);
    if (bytes.includes(0)) return { skip: "Skipped: a binary file (it holds a NUL byte)." };
    return { source: sourceText(file.file, bytes.toString("utf8")) };
  } catch (error) {
    return { skip: `Skipped: the file cannot be read (${errorMessage(error)}).` };
  }
}
function recognition(scanned, includer, input) {
  if (includer) return `read as part of ${includer}${scanned ? ` (${scanned.form})` : ""}`;
  if (!scanned) return `not an etcd configuration${whyNotRead(input) ? `: ${whyNotRead(input)}` : ""}`;
  const members = scanned.members.map((member) => member.name).join(", ");
  const launchers = scanned.members.flatMap((member) => member.launcher ? [member.launcher] : []);
  const via = launchers.length > 0 ? ` (started through ${[...new Set(launchers)].join(", ")})` : "";
  if (scanned.members.length === 0 && !scanned.external && scanned.form === "systemd-unit")
    return `systemd-unit, no member: ${unitStarts(input.unit) ?? "no ExecStart="}`;
  return `${scanned.form}, ${members !== "" ? `member ${members}` : scanned.external ? "external etcd" : "no member"}${via}`;
}
async function scanPaths(paths, options) {
  const { logger } = options;
  const collected = await collectFiles(paths, options.cwd);
  const findings = [...collected.findings];
  const sources = [];
  for (const file of collected.files) {
    const { source, skip } = await readText(file);
    if (source) sources.push(source);
    else if (file.explicit || CONFIGURATION_NAME.test(file.file)) findings.push(skipped(file, skip ?? "Skipped."));
    else logger.debug(`${file.file}: ${skip ?? "skipped"}`);
  }
  const resolver = suffixResolver(sources);
  const etcdMinor = options.etcdVersion === void 0 ? void 0 : parseEtcdVersion(options.etcdVersion).minor;
  const read = sources.map((source) => {
    const input = new FileInput(source);
    const form = recogniseForm(input);
    return { source, input, scanned: form ? READERS[form].read(input, { resolver, etcdMinor }) : void 0 };
  });
  const includedBy = /* @__PURE__ */ new Map();
  for (const { scanned } of read) {
    for (const member of scanned?.members ?? [])
      for (const include of member.includes) if (!includedBy.has(include)) includedBy.set(include, member.file);
  }
  for (const { source, scanned, input } of read)
    logger.debug(`${source.file}: ${recognition(scanned, includedBy.get(source.file), input)}`);
  const files = read.flatMap(({ scanned }) => scanned && !includedBy.has(scanned.file) ? [scanned] : []);
  return { files, findings };
}

// src/lint/lint.ts
var ORDER = { error: 0, warning: 1, notice: 2 };
function creditKubeadm(findings, members) {
  const kubeadmWrote = /* @__PURE__ */ new Set();
  for (const member of members)
    for (const setting of member.settings)
      if (setting.source === "kubeadm-default")
        kubeadmWrote.add(`${setting.at.file}:${setting.at.line}:${setting.at.column}`);
  return findings.map(
    (finding) => finding.severity === "warning" && kubeadmWrote.has(`${finding.file}:${finding.line}:${finding.column}`) ? {
      ...finding,
      severity: "notice",
      message: `kubeadm writes this into the etcd static pod itself (the file does not set it): ${finding.message}`
    } : finding
  );
}
function upgradeFindings(files, current, etcdVersion, upgradeTo) {
  const from = parseEtcdVersion(etcdVersion);
  const to = parseEtcdVersion(upgradeTo);
  const members = files.flatMap((file) => file.members);
  const key = (finding) => `${finding.rule} ${finding.file}:${finding.line}:${finding.column}`;
  const seen = new Set(current.map(key));
  const found = [];
  for (const step of upgradeSteps(from, to)) {
    const onTheWay = step === to ? `on the way to etcd ${to.text}` : `on the way to etcd ${to.text}, at ${step.minor}`;
    for (const finding of creditKubeadm(runRules(files, groupClusters(members), { etcdVersion: step.text }), members)) {
      if (seen.has(key(finding))) continue;
      seen.add(key(finding));
      found.push({ ...finding, message: `${onTheWay}: ${finding.message}` });
    }
  }
  for (const member of members) found.push(...upgradeRuleFindings(member, from, to));
  return found;
}
async function lintPaths(paths, options) {
  return (await lintAndScan(paths, options)).result;
}
async function lintAndScan(paths, options) {
  const scan = await scanPaths(paths, { cwd: options.cwd, logger: options.logger, etcdVersion: options.etcdVersion });
  const members = scan.files.flatMap((file) => file.members);
  const findings = [
    ...scan.findings,
    ...scan.files.flatMap((file) => file.findings),
    ...creditKubeadm(runRules(scan.files, groupClusters(members), { etcdVersion: options.etcdVersion }), members)
  ];
  if (options.upgradeTo)
    findings.push(...upgradeFindings(scan.files, findings, options.etcdVersion, options.upgradeTo));
  if (options.boot) {
    const seen = new Set(
      findings.map((finding) => `${finding.rule} ${finding.file}:${finding.line}:${finding.column}`)
    );
    for (const refusal of bootRefusals(members))
      if (!seen.has(`${refusal.rule} ${refusal.file}:${refusal.line}:${refusal.column}`)) findings.push(refusal);
  }
  const version = parseEtcdVersion(options.etcdVersion);
  if (version.rulesOf) {
    const message = `etcd ${options.etcdVersion} is not a release these rules know (3.4, 3.5, 3.6): the rules of etcd ${version.rulesOf} (its newest patch) were applied, and what ${options.etcdVersion} added, deprecated or removed is not judged.`;
    options.logger.info(message);
    const first = [...scan.files.map((file) => file.file)].sort((a, b) => a.localeCompare(b))[0];
    if (first)
      findings.push({ file: first, line: 1, column: 1, severity: "notice", rule: READER_RULE_IDS.release, message });
  }
  findings.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || ORDER[a.severity] - ORDER[b.severity] || a.rule.localeCompare(b.rule)
  );
  const result = {
    schemaVersion: 1,
    findings,
    files: scan.files.flatMap(
      (file) => file.members.length > 0 ? file.members.map((member) => ({ file: file.file, form: file.form, member: member.name })) : [{ file: file.file, form: file.form, member: null }]
    ),
    summary: {
      errors: findings.filter((finding) => finding.severity === "error").length,
      warnings: findings.filter((finding) => finding.severity === "warning").length,
      notices: findings.filter((finding) => finding.severity === "notice").length
    }
  };
  return { result, files: scan.files };
}

export {
  MAX_ROUNDS,
  isSummedFigure,
  nearestRank,
  combineRounds,
  waitForHealthyCluster,
  startCluster,
  runCheck,
  configMapping,
  configFiles,
  clusterSpecFromConfig,
  readClientTls,
  EtcdClient,
  renderHistoryText,
  historyJson,
  makeClusterPki,
  generateClusterPki,
  readStatusTable,
  RULES,
  CHECKS,
  CHECK_NAMES,
  DEFAULT_CHECKS,
  checkNamed,
  checksMayUse,
  isCheckName,
  tarArchive,
  TARGETS,
  targetEntry,
  recordTarget,
  prepareTarget,
  recordedTarget,
  memberAsRunBy,
  targetEtcdVersion,
  placeConfig,
  targetAccessFiles,
  writeTargetInputFiles,
  targetOwnedFiles,
  targetStateDirEntries,
  countsRunningMembers,
  specAsRunBy,
  memberRunConfigsBy,
  DEFAULT_ETCD_VERSION,
  DEFAULT_DOWNLOAD_URL,
  MIN_ETCD_VERSION,
  parseTarget,
  parseTopology,
  refuseReplacedOptions,
  parseTiming,
  parseEtcdVersion2 as parseEtcdVersion,
  compareVersions,
  parseEtcdBinary,
  parseProvidedPki,
  parseCheckSelection,
  parseRounds,
  DECIDED_BY_CONFIG,
  parseClusterOptions,
  parseRunOptions,
  memberCountWarning,
  parseGivenCluster,
  escapeMarkdownCell,
  markdownCode,
  escapeTerminal,
  lintPaths,
  lintAndScan
};
